package dev.tav.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ShapeWorldTest {
    @Test
    void the_same_seed_gives_the_same_scenes_and_pixels() {
        List<Scene> first = ShapeWorld.scenes(7, 64).limit(20).toList();
        List<Scene> second = ShapeWorld.scenes(7, 64).limit(20).toList();
        assertThat(second).isEqualTo(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(pixels(second.get(i).render())).isEqualTo(pixels(first.get(i).render()));
        }
        assertThat(ShapeWorld.scenes(8, 64).limit(20).toList()).isNotEqualTo(first);
    }

    @Test
    void captions_state_the_attributes_in_words() {
        Appearance appearance = Appearance.of(Shape.CIRCLE, Colour.RED, Size.SMALL, Background.WHITE);
        assertThat(appearance.caption()).isEqualTo("a small red circle on a white background");
        assertThat(appearance.caption(Trajectory.RIGHT))
                .isEqualTo("a small red circle moving right on a white background");
        assertThat(Appearance.of(Shape.DIAMOND, Colour.PURPLE, Size.LARGE, Background.GRAY)
                .caption(Trajectory.BOUNCE)).isEqualTo("a large purple diamond bouncing on a gray background");
        Scene scene = ShapeWorld.randomScene(new Random(3));
        ShapeObject o = scene.appearance().object();
        assertThat(scene.caption()).isEqualTo("a " + o.size().word() + " " + o.colour().word() + " "
                + o.shape().word() + " on a " + scene.appearance().background().word() + " background");
    }

    @Test
    void the_named_colours_stay_far_apart() {
        for (Colour a : Colour.values()) {
            for (Colour b : Colour.values()) {
                if (a != b) {
                    assertThat(a.rgb().distance(b.rgb())).as(a + " to " + b).isGreaterThan(100);
                }
            }
            for (Background bg : Background.values()) {
                assertThat(a.rgb().distance(bg.rgb())).as(a + " to " + bg).isGreaterThan(100);
            }
        }
        for (Background a : Background.values()) {
            for (Background b : Background.values()) {
                if (a != b) {
                    assertThat(a.rgb().distance(b.rgb())).as(a + " to " + b).isGreaterThan(90);
                }
            }
        }
    }

    @Test
    void random_scenes_draw_every_attribute_about_equally_often() {
        List<Scene> scenes = ShapeWorld.scenes(11, 32).limit(4800).toList();
        assertBalanced(scenes, s -> s.appearance().object().shape(), Shape.class);
        assertBalanced(scenes, s -> s.appearance().object().colour(), Colour.class);
        assertBalanced(scenes, s -> s.appearance().object().size(), Size.class);
        assertBalanced(scenes, s -> s.appearance().background(), Background.class);
        double meanX = scenes.stream().mapToDouble(s -> s.centre().x()).average().orElseThrow();
        double meanY = scenes.stream().mapToDouble(s -> s.centre().y()).average().orElseThrow();
        assertThat(meanX).isCloseTo(16, org.assertj.core.data.Offset.offset(0.3));
        assertThat(meanY).isCloseTo(16, org.assertj.core.data.Offset.offset(0.3));
    }

    private static <E extends Enum<E>> void assertBalanced(List<Scene> scenes, Function<Scene, E> attribute,
            Class<E> type) {
        Map<E, Integer> counts = new EnumMap<>(type);
        scenes.forEach(s -> counts.merge(attribute.apply(s), 1, Integer::sum));
        double expected = (double) scenes.size() / type.getEnumConstants().length;
        assertThat(counts).hasSize(type.getEnumConstants().length);
        counts.forEach((value, count) -> assertThat((double) count).as(value.toString())
                .isBetween(0.85 * expected, 1.15 * expected));
    }

    @Property(tries = 60)
    void random_scenes_keep_the_object_a_margin_away_from_every_edge(@ForAll long seed,
            @ForAll @IntRange(min = 16, max = 96) int side) {
        Scene scene = ShapeWorld.randomScene(new Random(seed), side);
        assertBorderIsBackground(scene.render(), scene.appearance().background(), (int) ShapeWorld.margin(side));
    }

    @Test
    void every_frame_of_every_trajectory_keeps_the_object_inside_the_frame() {
        for (Trajectory trajectory : Trajectory.values()) {
            for (Size size : Size.values()) {
                for (double lane : new double[] {0, 0.5, 1}) {
                    Appearance appearance = Appearance.of(Shape.SQUARE, Colour.BLUE, size, Background.WHITE);
                    ShapeVideo video = new ShapeVideo(appearance, trajectory, 8, 64, lane);
                    for (Scene scene : video.scenes()) {
                        assertBorderIsBackground(scene.render(), Background.WHITE, 2);
                    }
                }
            }
        }
    }

    @Test
    void videos_are_deterministic_and_their_frames_are_the_scenes_of_their_centres() {
        ShapeVideo video = new ShapeVideo(Appearance.of(Shape.TRIANGLE, Colour.ORANGE, Size.LARGE, Background.BLACK),
                Trajectory.ARC, 8, 64);
        var first = video.toVideo();
        var second = video.toVideo();
        assertThat(first.frameCount()).isEqualTo(8);
        assertThat(first.width()).isEqualTo(64);
        assertThat(first.fps()).isEqualTo(ShapeVideo.DEFAULT_FPS);
        for (int i = 0; i < 8; i++) {
            int[] a = pixels(Images.toBuffered(first.frames().get(i)));
            assertThat(pixels(Images.toBuffered(second.frames().get(i)))).isEqualTo(a);
            assertThat(pixels(new Scene(video.appearance(), video.centres().get(i), 64).render())).isEqualTo(a);
        }
        assertThat(video.caption()).isEqualTo("a large orange triangle moving in an arc on a black background");
    }

    @Test
    void trajectories_start_and_end_where_their_names_say() {
        double low = 10;
        double high = 50;
        assertThat(Trajectory.RIGHT.centre(0, low, high, 0.5)).isEqualTo(new Point(10, 30));
        assertThat(Trajectory.RIGHT.centre(1, low, high, 0.5)).isEqualTo(new Point(50, 30));
        assertThat(Trajectory.LEFT.centre(0, low, high, 0)).isEqualTo(new Point(50, 10));
        assertThat(Trajectory.UP.centre(1, low, high, 1)).isEqualTo(new Point(50, 10));
        assertThat(Trajectory.DOWN.centre(1, low, high, 0.5)).isEqualTo(new Point(30, 50));
        assertThat(Trajectory.DIAGONAL_DOWN.centre(1, low, high, 0.5)).isEqualTo(new Point(50, 50));
        assertThat(Trajectory.DIAGONAL_UP.centre(0, low, high, 0.5)).isEqualTo(new Point(10, 50));
        assertThat(Trajectory.ARC.centre(0.5, low, high, 0.5)).isEqualTo(new Point(30, 10));
        assertThat(Trajectory.ARC.centre(1, low, high, 0.5)).isEqualTo(new Point(50, 50));
        assertThat(Trajectory.BOUNCE.centre(0, low, high, 0.5)).isEqualTo(new Point(30, 10));
        assertThat(Trajectory.BOUNCE.centre(0.5, low, high, 0.5)).isEqualTo(new Point(30, 50));
        assertThat(Trajectory.BOUNCE.centre(1, low, high, 0.5)).isEqualTo(new Point(30, 10));
    }

    @Test
    void a_scene_refuses_an_object_partly_outside_the_image() {
        Appearance appearance = Appearance.of(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE);
        assertThatThrownBy(() -> new Scene(appearance, new Point(10, 32), 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> new Scene(appearance, new Point(32, 32), 8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("side");
        assertThatThrownBy(() -> new ShapeVideo(appearance, Trajectory.UP, 0, 64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frameCount");
    }

    private static void assertBorderIsBackground(BufferedImage image, Background background, int band) {
        int w = image.getWidth();
        int h = image.getHeight();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < band || y < band || x >= w - band || y >= h - band) {
                    assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d, %d)", x, y)
                            .isEqualTo(background.rgb().packed());
                }
            }
        }
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
