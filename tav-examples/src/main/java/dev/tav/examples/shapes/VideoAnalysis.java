package dev.tav.examples.shapes;

import dev.tav.video.Video;
import java.awt.image.BufferedImage;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The frame analyses of a video and what they say together: the centroid track, the majority attributes, how many
 * frames agree with the majority or with a target.
 *
 * <pre>{@code
 * VideoAnalysis analysis = VideoAnalysis.of(edited);
 * double accuracy = analysis.fractionMatching(edit.target(), EnumSet.of(Attribute.SHAPE, Attribute.COLOUR));
 * double consistency = analysis.fractionAgreeingWithMajority(EnumSet.of(Attribute.SHAPE, Attribute.COLOUR));
 * double motion = analysis.compareTrack(source.centres()).relativeMeanDistance().orElse(1);
 * }</pre>
 *
 * @param frames the analysis of each frame, in order; at least one
 */
public record VideoAnalysis(List<FrameAnalysis> frames) {
    /** Copies the list and checks it is not empty. */
    public VideoAnalysis {
        frames = List.copyOf(Objects.requireNonNull(frames, "frames"));
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a video analysis needs at least one frame");
        }
    }

    /**
     * @param video a video whose frames wrap {@link BufferedImage}s (as tav's readers and {@link ShapeVideo} make
     *     them); not null
     * @return the analysis of every frame
     */
    public static VideoAnalysis of(Video video) {
        return new VideoAnalysis(video.frames().stream().map(FrameAnalyser::analyse).toList());
    }

    /**
     * @param frames the frames in order, at least one; not null
     * @return the analysis of every frame
     */
    public static VideoAnalysis ofImages(List<BufferedImage> frames) {
        return new VideoAnalysis(frames.stream().map(FrameAnalyser::analyse).toList());
    }

    /** @return each frame's object centroid in pixels, empty for frames without an object */
    public List<Optional<Point>> centroidTrack() {
        return frames.stream().map(FrameAnalysis::centroid).toList();
    }

    /** @return the fraction of frames in which an object was found, 0 to 1 */
    public double objectFraction() {
        return fraction(f -> f.object().isPresent());
    }

    /** @return the most frequent value of each attribute */
    public Majority majority() {
        return new Majority(mode(Shape.class, Attribute.SHAPE), mode(Colour.class, Attribute.COLOUR),
                mode(Size.class, Attribute.SIZE), mode(Background.class, Attribute.BACKGROUND).orElseThrow());
    }

    /**
     * @param attributes the attributes to compare; not empty
     * @return the fraction of frames whose every given attribute equals the video's {@link #majority()}; a frame
     *     without an object disagrees on object attributes
     */
    public double fractionAgreeingWithMajority(Set<Attribute> attributes) {
        checkAttributes(attributes);
        Majority majority = majority();
        return fraction(f -> attributes.stream().allMatch(a -> a.of(f).isPresent() && a.of(f).equals(majority.of(a))));
    }

    /**
     * @param target the truth to compare with (an edit's target, a caption's appearance); not null
     * @param attributes the attributes to compare, such as shape and colour for edit accuracy; not empty
     * @return the fraction of frames whose every given attribute equals the target's; a frame without an object
     *     does not match object attributes
     */
    public double fractionMatching(Appearance target, Set<Attribute> attributes) {
        Objects.requireNonNull(target, "target");
        checkAttributes(attributes);
        return fraction(f -> attributes.stream().allMatch(a -> a.of(f).equals(Optional.of(a.of(target)))));
    }

    /**
     * @param test a frame condition; not null
     * @return the fraction of frames meeting it, 0 to 1
     */
    public double fraction(Predicate<FrameAnalysis> test) {
        return (double) frames.stream().filter(test).count() / frames.size();
    }

    /**
     * @param reference the reference centre of every frame in pixels, as many as there are frames (such as
     *     {@link ShapeVideo#centres()} of the source video)
     * @return the distance between this video's centroid track and the reference
     * @throws IllegalArgumentException if the reference has another length
     */
    public TrackComparison compareTrack(List<Point> reference) {
        if (reference.size() != frames.size()) {
            throw new IllegalArgumentException("the reference track has " + reference.size() + " points but the video "
                    + frames.size() + " frames");
        }
        double sum = 0;
        int compared = 0;
        for (int i = 0; i < frames.size(); i++) {
            Optional<Point> centroid = frames.get(i).centroid();
            if (centroid.isPresent()) {
                sum += centroid.get().distance(reference.get(i));
                compared++;
            }
        }
        int side = Math.max(frames.get(0).width(), frames.get(0).height());
        return new TrackComparison(compared == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / compared),
                compared, frames.size() - compared, side);
    }

    private static void checkAttributes(Collection<Attribute> attributes) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("attributes must name at least one attribute");
        }
    }

    private <E extends Enum<E>> Optional<E> mode(Class<E> type, Attribute attribute) {
        int[] counts = new int[type.getEnumConstants().length];
        for (FrameAnalysis frame : frames) {
            attribute.of(frame).ifPresent(v -> counts[v.ordinal()]++);
        }
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(type.getEnumConstants()[best]);
    }
}
