package dev.tav.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class VideoAnalysisTest {
    private static final EnumSet<Attribute> SHAPE_AND_COLOUR = EnumSet.of(Attribute.SHAPE, Attribute.COLOUR);

    @Test
    void the_centroid_tracks_of_generated_videos_follow_their_trajectories() {
        Random noise = new Random(9);
        for (Trajectory trajectory : Trajectory.values()) {
            for (int side : new int[] {64, 32}) {
                ShapeVideo video = new ShapeVideo(Appearance.of(Shape.TRIANGLE, Colour.PURPLE, Size.SMALL,
                        Background.GRAY), trajectory, 8, side, 0.3);
                List<Point> truth = video.centres();
                VideoAnalysis clean = VideoAnalysis.of(video.toVideo());
                List<Optional<Point>> track = clean.centroidTrack();
                for (int i = 0; i < truth.size(); i++) {
                    assertThat(track.get(i).orElseThrow().distance(truth.get(i))).as(trajectory + " frame " + i)
                            .isLessThan(1);
                }
                TrackComparison comparison = clean.compareTrack(truth);
                assertThat(comparison.framesCompared()).isEqualTo(8);
                assertThat(comparison.framesMissing()).isZero();
                assertThat(comparison.meanDistance().orElseThrow()).isLessThan(0.3);
                VideoAnalysis blurred = VideoAnalysis.ofImages(video.scenes().stream()
                        .map(s -> Distortions.noise(Distortions.blur(s.render(), 0.8), 5, noise)).toList());
                assertThat(blurred.compareTrack(truth).meanDistance().orElseThrow()).isLessThan(1);
                assertThat(blurred.fractionMatching(video.appearance(), EnumSet.allOf(Attribute.class)))
                        .isEqualTo(1.0);
            }
        }
    }

    @Test
    void a_track_reversed_is_far_from_its_truth() {
        ShapeVideo right = new ShapeVideo(Appearance.of(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE),
                Trajectory.RIGHT, 8, 64);
        ShapeVideo left = new ShapeVideo(right.appearance(), Trajectory.LEFT, 8, 64);
        TrackComparison comparison = VideoAnalysis.of(left.toVideo()).compareTrack(right.centres());
        assertThat(comparison.relativeMeanDistance().orElseThrow()).isGreaterThan(0.2);
    }

    @Test
    void majority_and_agreement_count_the_frames() {
        Appearance red = Appearance.of(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE);
        Appearance blue = Appearance.of(Shape.SQUARE, Colour.BLUE, Size.LARGE, Background.WHITE);
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Appearance a = i < 6 ? red : blue;
            frames.add(new Scene(a, new Point(20 + 3 * i, 32), 64).render());
        }
        VideoAnalysis analysis = VideoAnalysis.ofImages(frames);
        Majority majority = analysis.majority();
        assertThat(majority.shape()).contains(Shape.CIRCLE);
        assertThat(majority.colour()).contains(Colour.RED);
        assertThat(majority.appearance()).contains(red);
        assertThat(analysis.fractionAgreeingWithMajority(SHAPE_AND_COLOUR)).isEqualTo(0.75);
        assertThat(analysis.fractionAgreeingWithMajority(EnumSet.of(Attribute.BACKGROUND))).isEqualTo(1.0);
        assertThat(analysis.fractionMatching(blue, SHAPE_AND_COLOUR)).isEqualTo(0.25);
        assertThat(analysis.fractionMatching(blue, EnumSet.of(Attribute.SIZE, Attribute.BACKGROUND)))
                .isEqualTo(1.0);
        assertThat(analysis.objectFraction()).isEqualTo(1.0);
    }

    @Test
    void frames_without_an_object_count_as_missing_and_disagreeing() {
        Appearance green = Appearance.of(Shape.DIAMOND, Colour.GREEN, Size.SMALL, Background.BLACK);
        ShapeVideo video = new ShapeVideo(green, Trajectory.DOWN, 4, 32);
        List<BufferedImage> frames = new ArrayList<>(video.scenes().stream().map(Scene::render).toList());
        frames.set(1, new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
        VideoAnalysis analysis = VideoAnalysis.ofImages(frames);
        TrackComparison comparison = analysis.compareTrack(video.centres());
        assertThat(comparison.framesCompared()).isEqualTo(3);
        assertThat(comparison.framesMissing()).isEqualTo(1);
        assertThat(comparison.side()).isEqualTo(32);
        assertThat(analysis.objectFraction()).isEqualTo(0.75);
        assertThat(analysis.fractionAgreeingWithMajority(SHAPE_AND_COLOUR)).isEqualTo(0.75);
        assertThat(analysis.fractionMatching(green, SHAPE_AND_COLOUR)).isEqualTo(0.75);
        assertThat(analysis.fraction(f -> f.background() == Background.BLACK)).isEqualTo(1.0);

        VideoAnalysis empty = VideoAnalysis.ofImages(List.of(frames.get(1), frames.get(1)));
        assertThat(empty.majority().appearance()).isEmpty();
        assertThat(empty.majority().background()).isEqualTo(Background.BLACK);
        assertThat(empty.fractionAgreeingWithMajority(SHAPE_AND_COLOUR)).isZero();
        assertThat(empty.compareTrack(video.centres().subList(0, 2)).meanDistance()).isEmpty();
        assertThatThrownBy(() -> empty.compareTrack(video.centres()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 points");
        assertThatThrownBy(() -> empty.fractionMatching(green, EnumSet.noneOf(Attribute.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributes");
    }

    @Test
    void a_square_frame_normalises_by_its_side() {
        TrackComparison comparison = new TrackComparison(java.util.OptionalDouble.of(6.4), 8, 0, 64);
        assertThat(comparison.relativeMeanDistance().orElseThrow()).isCloseTo(0.1, Offset.offset(1e-12));
    }
}
