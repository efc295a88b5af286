package dev.tav.examples.quality;

import dev.tav.examples.shapes.Attribute;
import dev.tav.examples.shapes.Edit;
import dev.tav.examples.shapes.EditKind;
import dev.tav.examples.shapes.Point;
import dev.tav.examples.shapes.TrackComparison;
import dev.tav.examples.shapes.VideoAnalysis;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The scores of one generated video against its truth.
 *
 * @param motion mean distance between the generated and the source centroid tracks, in image sides (0 = same track);
 *     a frame without a detected object counts as one side
 * @param editAccuracy fraction of frames whose object has the edit's target shape and colour on its target background
 * @param consistency fraction of frames whose shape, colour and background agree with the video's majority
 * @param kind what the edit changed
 */
public record VideoScore(double motion, double editAccuracy, double consistency, EditKind kind) {
    /** Checks the kind is given. */
    public VideoScore {
        Objects.requireNonNull(kind, "kind");
    }

    /** What an edit must get right: the target's shape, colour and background (size is not scored). */
    static final Set<Attribute> SCORED = EnumSet.of(Attribute.SHAPE, Attribute.COLOUR, Attribute.BACKGROUND);

    /**
     * @param generated the analysed generated video
     * @param sourceTrack the source object's true centres, one per frame
     * @param edit the edit that was asked for
     * @return the scores
     */
    static VideoScore of(VideoAnalysis generated, List<Point> sourceTrack, Edit edit) {
        TrackComparison track = generated.compareTrack(sourceTrack);
        int frames = track.framesCompared() + track.framesMissing();
        double found = track.relativeMeanDistance().orElse(0) * track.framesCompared();
        double motion = (found + track.framesMissing()) / frames;
        return new VideoScore(motion, generated.fractionMatching(edit.target(), SCORED),
                generated.fractionAgreeingWithMajority(SCORED), edit.kind());
    }
}
