package dev.tav.tensorflow.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.NativeRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ShapesTest {
    @Test
    void a_wide_concatenation_is_a_tree_of_narrow_ones_with_the_same_values() {
        NativeRuntime.requireAvailable();
        try (Graph g = new Graph(); Session s = new Session(g, NativeRuntime.sessionConfig(1))) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat32>> parts = new ArrayList<>();
            float[] expected = new float[2 * 20 * 3];
            for (int p = 0; p < 20; p++) {
                float[] v = new float[2 * 3];
                for (int i = 0; i < v.length; i++) {
                    v[i] = p * 100 + i;
                    expected[(i / 3) * 60 + p * 3 + i % 3] = v[i];
                }
                parts.add(tf.constant(org.tensorflow.ndarray.Shape.of(2, 3),
                        org.tensorflow.ndarray.buffer.DataBuffers.of(v)));
            }
            Operand<TFloat32> all = Shapes.concat(tf, parts, 1);
            assertThat(all.shape().asArray()).containsExactly(2, 60);
            try (Result r = s.runner().fetch(all).run()) {
                assertThat(HostTensors.toHost((TFloat32) r.get(0)).toArray()).containsExactly(expected);
            }
            g.operations().forEachRemaining(op -> {
                if (op.type().equals("ConcatV2")) {
                    assertThat(((GraphOperation) op).numInputs()).isLessThanOrEqualTo(8);
                }
            });
            assertThat(Shapes.concat(tf, parts.subList(0, 1), 1)).isSameAs(parts.get(0));
        }
    }
}
