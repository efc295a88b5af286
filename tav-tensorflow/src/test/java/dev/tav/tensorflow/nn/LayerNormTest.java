package dev.tav.tensorflow.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.OneDnnKernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LayerNormTest {
    private static final int FEATURES = 48;
    private static final double EPS = 1e-5;

    @Test
    void this_tensorflow_build_has_the_fused_kernel() {
        assertThat(OneDnnKernels.hasLayerNorm()).isTrue();
    }

    @Test
    void forward_only_graphs_use_the_fused_kernel_and_equal_the_definition() {
        assertMatchesDefinition(true, new long[] {2, 7, FEATURES}, "_MklLayerNorm");
        assertMatchesDefinition(true, new long[] {5, FEATURES}, "_MklLayerNorm");
    }

    @Test
    void differentiable_graphs_compose_tensorflow_operations_that_equal_the_definition() {
        assertMatchesDefinition(false, new long[] {2, 7, FEATURES}, "Rsqrt");
    }

    @Test
    void ranks_the_fused_kernel_lacks_fall_back_to_the_composition() {
        assertMatchesDefinition(true, new long[] {2, 3, 2, FEATURES}, "Rsqrt");
    }

    @Test
    void the_composition_has_a_gradient() {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = constant(tf, new long[] {3, FEATURES}, NnTestSupport.uniform(3 * FEATURES, 1, 1));
            LayerNorm norm = new LayerNorm(constant(tf, new long[] {FEATURES}, NnTestSupport.uniform(FEATURES, 2, 1)),
                    constant(tf, new long[] {FEATURES}, NnTestSupport.uniform(FEATURES, 3, 1)), EPS, false);
            Operand<TFloat32> y = norm.apply(tf, x);
            Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(y, y), tf.constant(new int[] {0, 1}));
            Output<?>[] grad = graph.addGradients(loss.asOutput(), new Output<?>[] {x.asOutput()});
            try (Result r = session.runner().fetch(grad[0]).run()) {
                float[] g = HostTensors.toHost((TFloat32) r.get(0)).toArray();
                assertThat(g).hasSize(3 * FEATURES).doesNotContain(Float.NaN);
                double norm2 = 0;
                for (float v : g) {
                    norm2 += v * (double) v;
                }
                assertThat(norm2).isGreaterThan(0);
            }
        }
    }

    private static void assertMatchesDefinition(boolean forwardOnly, long[] shape, String expectedOp) {
        int rows = 1;
        for (int i = 0; i < shape.length - 1; i++) {
            rows *= (int) shape[i];
        }
        float[] x = NnTestSupport.uniform(rows * FEATURES, 4, 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * 3 + 1.5f; // away from zero mean and unit variance
        }
        float[] gamma = NnTestSupport.uniform(FEATURES, 5, 1);
        float[] beta = NnTestSupport.uniform(FEATURES, 6, 1);
        float[] actual;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            LayerNorm norm = new LayerNorm(constant(tf, new long[] {FEATURES}, gamma),
                    constant(tf, new long[] {FEATURES}, beta), EPS, forwardOnly);
            Operand<TFloat32> y = norm.apply(tf, constant(tf, shape, x));
            assertThat(NnTestSupport.opTypes(graph)).contains(expectedOp);
            try (Result r = session.runner().fetch(y).run()) {
                actual = HostTensors.toHost((TFloat32) r.get(0)).toArray();
            }
        }
        for (int row = 0; row < rows; row++) {
            double mean = 0;
            for (int c = 0; c < FEATURES; c++) {
                mean += x[row * FEATURES + c];
            }
            mean /= FEATURES;
            double var = 0;
            for (int c = 0; c < FEATURES; c++) {
                var += Math.pow(x[row * FEATURES + c] - mean, 2);
            }
            var /= FEATURES;
            for (int c = 0; c < FEATURES; c++) {
                double want = (x[row * FEATURES + c] - mean) / Math.sqrt(var + EPS) * gamma[c] + beta[c];
                assertThat((double) actual[row * FEATURES + c]).as("row %d feature %d", row, c)
                        .isCloseTo(want, org.assertj.core.data.Offset.offset(2e-6 + 2e-6 * Math.abs(want)));
            }
        }
    }


    private static Operand<TFloat32> constant(Ops tf, long[] shape, float[] values) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values));
    }

}
