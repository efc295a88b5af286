package dev.tav.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FrameAnalyserTest {
    @Test
    void every_combination_is_recovered_from_clean_frames_at_64_and_32_pixels() {
        for (int side : new int[] {64, 32}) {
            assertEveryCombinationRecovered(side, 1, image -> image);
        }
    }

    @Test
    void every_combination_is_recovered_from_blurred_tinted_noisy_frames_at_64_pixels() {
        Random noise = new Random(5);
        assertEveryCombinationRecovered(64, 1,
                image -> Distortions.noise(Distortions.shift(Distortions.blur(image, 2.0), 20, noise), 8, noise));
    }

    @Test
    void every_combination_is_recovered_from_blurred_tinted_noisy_frames_at_32_pixels() {
        Random noise = new Random(6);
        assertEveryCombinationRecovered(32, 1,
                image -> Distortions.noise(Distortions.shift(Distortions.blur(image, 1.0), 20, noise), 8, noise));
    }

    @Property(tries = 200)
    void random_scenes_are_recovered(@ForAll long seed) {
        Scene scene = ShapeWorld.randomScene(new Random(seed));
        assertRecovered(scene, FrameAnalyser.analyse(scene.image()), 0.5);
    }

    @Test
    void a_plain_frame_has_its_background_and_no_object() {
        for (Background background : Background.values()) {
            BufferedImage plain = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 30; y++) {
                for (int x = 0; x < 40; x++) {
                    plain.setRGB(x, y, background.rgb().packed());
                }
            }
            FrameAnalysis analysis = FrameAnalyser.analyse(Distortions.noise(plain, 6, new Random(1)));
            assertThat(analysis.background()).isEqualTo(background);
            assertThat(analysis.object()).isEmpty();
            assertThat(analysis.centroid()).isEmpty();
            assertThat(analysis.appearance()).isEmpty();
        }
    }

    @Test
    void the_foreground_mask_covers_the_object_and_the_area_is_the_drawn_area() {
        Appearance appearance = Appearance.of(Shape.SQUARE, Colour.GREEN, Size.LARGE, Background.WHITE);
        Scene scene = new Scene(appearance, new Point(30.3, 33.6), 64);
        ForegroundMask mask = FrameAnalyser.foreground(scene.render());
        double drawnArea = 4 * 16 * 16;
        assertThat((double) mask.count()).isBetween(drawnArea - 70, drawnArea + 70);
        assertThat(mask.contains(30, 33)).isTrue();
        assertThat(mask.contains(1, 1)).isFalse();
        assertThat(mask.threshold()).isGreaterThanOrEqualTo(ForegroundMask.FLOOR);
        ObjectAnalysis object = FrameAnalyser.analyse(scene.render()).object().orElseThrow();
        assertThat(object.area()).isCloseTo(drawnArea, org.assertj.core.data.Offset.offset(2.0));
        assertThat(object.radius()).isCloseTo(16, org.assertj.core.data.Offset.offset(0.1));
        assertThat(object.shapeScore()).isGreaterThan(0.97);
    }

    @Test
    void the_largest_object_wins_over_a_speck() {
        Scene scene = new Scene(Appearance.of(Shape.DIAMOND, Colour.BLUE, Size.LARGE, Background.PINK),
                new Point(40, 40), 64);
        BufferedImage image = scene.render();
        image.setRGB(5, 5, Colour.RED.rgb().packed());
        image.setRGB(6, 5, Colour.RED.rgb().packed());
        ObjectAnalysis object = FrameAnalyser.analyse(image).object().orElseThrow();
        assertThat(object.colour()).isEqualTo(Colour.BLUE);
        assertThat(object.shape()).isEqualTo(Shape.DIAMOND);
        assertThat(object.centroid().distance(new Point(40, 40))).isLessThan(0.2);
    }

    private static void assertEveryCombinationRecovered(int side, double centroidTolerance,
            UnaryOperator<BufferedImage> distortion) {
        Random random = new Random(side);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Appearance appearance : ShapeWorld.appearances()) {
            double low = ShapeWorld.low(appearance.object().size(), side);
            double span = ShapeWorld.high(appearance.object().size(), side) - low;
            for (int k = 0; k < 2; k++) {
                Point centre = new Point(low + random.nextDouble() * span, low + random.nextDouble() * span);
                Scene scene = new Scene(appearance, centre, side);
                FrameAnalysis analysis = FrameAnalyser.analyse(distortion.apply(scene.render()));
                try {
                    assertRecovered(scene, analysis, centroidTolerance);
                } catch (AssertionError e) {
                    failures.add(scene + " -> " + analysis + ": " + e.getMessage());
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(2 * ShapeWorld.appearances().size());
        assertThat(failures).isEmpty();
    }

    private static void assertRecovered(Scene scene, FrameAnalysis analysis, double centroidTolerance) {
        Appearance truth = scene.appearance();
        assertThat(analysis.background()).isEqualTo(truth.background());
        ObjectAnalysis object = analysis.object().orElseThrow(() -> new AssertionError("no object found"));
        assertThat(object.colour()).isEqualTo(truth.object().colour());
        assertThat(object.shape()).isEqualTo(truth.object().shape());
        assertThat(object.size()).isEqualTo(truth.object().size());
        assertThat(object.centroid().distance(scene.centre())).isLessThan(centroidTolerance);
        assertThat(analysis.appearance()).contains(truth);
    }
}
