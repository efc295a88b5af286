package dev.tav.examples.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.examples.shapes.Appearance;
import dev.tav.examples.shapes.Background;
import dev.tav.examples.shapes.Colour;
import dev.tav.examples.shapes.Point;
import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.Shape;
import dev.tav.examples.shapes.Size;
import dev.tav.tensor.FloatTensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneBatchesTest {
    @Test
    void object_weights_are_one_on_the_background_and_one_plus_extra_inside_the_object() {
        Scene square = new Scene(Appearance.of(Shape.SQUARE, Colour.RED, Size.LARGE, Background.WHITE),
                new Point(32, 32), 64);
        FloatTensor w = SceneBatches.objectWeights(List.of(square), 4, 4, 3);
        assertThat(w.shape().getShape()).containsExactly(1, 4, 16, 16);
        float[] v = w.toArray();
        int cells = 16 * 16;
        assertThat(v[0]).as("corner").isEqualTo(1f);
        assertThat(v[8 * 16 + 8]).as("centre").isEqualTo(4f);
        for (int c = 1; c < 4; c++) {
            assertThat(v[c * cells + 8 * 16 + 8]).as("channel " + c).isEqualTo(4f);
        }
        for (float x : v) {
            assertThat(x).isBetween(1f, 4f);
        }
    }
}
