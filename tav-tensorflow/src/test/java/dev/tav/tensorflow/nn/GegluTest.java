package dev.tav.tensorflow.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.safetensors.SafetensorsWriter;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.Purpose;
import dev.tav.tensorflow.runtime.OneDnnKernels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class GegluTest {
    private static final int IN = 24;
    private static final int INNER = 10;
    private static final String FUSED = "_FusedMatMul";

    @TempDir
    Path dir;

    @Test
    void this_tensorflow_build_has_the_fused_product_with_gelu() {
        assertThat(OneDnnKernels.hasMatMulGelu()).isTrue();
    }

    @Test
    void forward_only_graphs_with_enough_rows_fuse_the_gelu_into_the_gate_product_and_equal_the_definition()
            throws Exception {
        // 2·3·2 = 12 rows = half of 24 input features
        assertMatchesDefinition(Purpose.INFERENCE, new long[] {2, 3, 2}, true);
    }

    @Test
    void forward_only_graphs_with_few_rows_keep_one_product_and_equal_the_definition() throws Exception {
        assertMatchesDefinition(Purpose.INFERENCE, new long[] {1, 11}, false);
    }

    @Test
    void differentiable_graphs_keep_one_product_and_equal_the_definition() throws Exception {
        assertMatchesDefinition(Purpose.TRAINING, new long[] {4, 16}, false);
    }

    private void assertMatchesDefinition(Purpose purpose, long[] leading, boolean fusedExpected) throws Exception {
        float[] weight = NnTestSupport.uniform(2 * INNER * IN, 1, 0.5); // PyTorch layout [2·inner, in]
        float[] bias = NnTestSupport.uniform(2 * INNER, 2, 0.5);
        int rows = 1;
        for (long d : leading) {
            rows *= (int) d;
        }
        float[] input = NnTestSupport.uniform(rows * IN, 3, 0.5);
        long[] shape = new long[leading.length + 1];
        System.arraycopy(leading, 0, shape, 0, leading.length);
        shape[leading.length] = IN;
        Path file = dir.resolve("geglu" + System.nanoTime() + ".safetensors");
        new SafetensorsWriter()
                .add("ff.proj.weight", FloatTensor.of(new Shape(2 * INNER, IN), weight))
                .add("ff.proj.bias", FloatTensor.of(new Shape(2 * INNER), bias))
                .write(file);
        float[] actual;
        try (SafetensorsWeights weights = SafetensorsWeights.open(file);
                ModelGraph graph = new ModelGraph("geglu", 1, weights, purpose)) {
            Geglu geglu = new Geglu(graph.parameters(), "ff", IN, INNER);
            ModelGraph.BuiltNetwork net = graph.variant("fwd", tf -> {
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                        Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
                return new ModelGraph.BuiltNetwork(List.of(x), List.of(geglu.apply(tf, x)));
            });
            assertThat(NnTestSupport.opTypes(graph.graph()).contains(FUSED)).isEqualTo(fusedExpected);
            graph.loadParameters();
            try (TFloat32 x = HostTensors.toTensor(shape, input)) {
                FloatTensor out = graph.run(net, List.of(x), 0).get(0);
                assertThat(out.shape().get(leading.length)).isEqualTo(INNER);
                actual = out.toArray();
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < INNER; c++) {
                double value = bias[c];
                double gate = bias[INNER + c];
                for (int k = 0; k < IN; k++) {
                    value += input[r * IN + k] * (double) weight[c * IN + k];
                    gate += input[r * IN + k] * (double) weight[(INNER + c) * IN + k];
                }
                double want = value * 0.5 * gate * (1 + erf(gate / Math.sqrt(2)));
                assertThat((double) actual[r * INNER + c]).as("row %d feature %d", r, c)
                        .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(want)));
            }
        }
    }

    /** erf by its Maclaurin series (|x| here stays below 4, where 60 terms are exact to double precision). */
    private static double erf(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }


}
