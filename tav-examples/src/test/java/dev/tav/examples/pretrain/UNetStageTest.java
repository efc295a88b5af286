package dev.tav.examples.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.ShapeWorld;
import dev.tav.examples.shapes.Trajectory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UNetStageTest {
    @Test
    void captions_are_empty_at_the_dropout_rate_and_half_of_the_others_name_a_motion() {
        Random scenes = new Random(1);
        Random draws = new Random(2);
        int n = 20_000;
        int empty = 0;
        int motion = 0;
        for (int i = 0; i < n; i++) {
            Scene scene = ShapeWorld.randomScene(scenes, 64);
            String caption = UNetStage.caption(scene, draws, 0.1);
            if (caption.isEmpty()) {
                empty++;
            } else if (caption.equals(scene.caption())) {
                assertThat(caption).doesNotContain("moving");
            } else {
                motion++;
                assertThat(Arrays.stream(Trajectory.values()).map(t -> scene.appearance().caption(t)))
                        .contains(caption);
            }
        }
        assertThat(empty / (double) n).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
        assertThat(motion / (double) (n - empty)).isCloseTo(UNetStage.MOTION_CAPTION_RATE,
                org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void every_trajectory_is_drawn() {
        Random draws = new Random(3);
        Scene scene = ShapeWorld.randomScene(new Random(4), 64);
        long distinct = java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> UNetStage.caption(scene, draws, 0))
                .distinct().count();
        assertThat(distinct).isEqualTo(Trajectory.values().length + 1);
    }
}
