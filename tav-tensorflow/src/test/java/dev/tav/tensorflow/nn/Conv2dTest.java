package dev.tav.tensorflow.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.safetensors.SafetensorsWriter;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.ModelGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class Conv2dTest {
    private static final int IN = 5;
    private static final int OUT = 7;

    @TempDir
    Path dir;

    @Test
    void small_outputs_take_the_matrix_product_path_and_equal_the_direct_sum() throws Exception {
        // 6×6 padded by 1 → 6×6 = 36 pixels ≤ 64: im2col
        assertMatchesReference(2, 6, 6, 1);
    }

    @Test
    void large_outputs_take_the_convolution_path_and_equal_the_direct_sum() throws Exception {
        // 12×10 = 120 pixels > 64: the native convolution
        assertMatchesReference(1, 12, 10, 1);
    }

    @Test
    void unpadded_and_strided_convolutions_equal_the_direct_sum() throws Exception {
        assertMatchesReference(1, 5, 5, 0);
        assertMatchesReferenceStrided();
    }

    @Test
    void the_matrix_product_path_has_the_convolution_gradient() throws Exception {
        // d(sum of outputs)/d(input) of a padded 3×3 convolution: each input pixel receives the sum of the filter
        // taps that reach it, so compare it with the same sum computed directly
        int n = 1, h = 4, w = 4;
        float[] weight = random(OUT * IN * 9, 3);
        try (SafetensorsWeights weights = store(weight); ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d conv = Conv2d.same(graph.parameters(), "conv", IN, OUT, 3);
            ModelGraph.BuiltNetwork net = graph.variant("grad", tf -> {
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                        Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, h, w, IN)));
                Operand<TFloat32> y = tf.reduceSum(conv.apply(tf, x), tf.constant(new int[] {0, 1, 2, 3}));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> dx = (Operand<TFloat32>) graph.graph().addGradients(y.asOutput(),
                        new org.tensorflow.Output<?>[] {x.asOutput()})[0];
                return new ModelGraph.BuiltNetwork(List.of(x), List.of(dx));
            });
            graph.loadParameters();
            try (TFloat32 input = HostTensors.toTensor(new long[] {n, h, w, IN}, random(n * h * w * IN, 4))) {
                float[] dx = graph.run(net, List.of(input), 0).get(0).toArray();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < IN; c++) {
                            double expected = 0;
                            for (int o = 0; o < OUT; o++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    for (int kx = 0; kx < 3; kx++) {
                                        int oy = y + 1 - ky, ox = x + 1 - kx;
                                        if (oy >= 0 && oy < h && ox >= 0 && ox < w) {
                                            expected += weight[((o * IN + c) * 3 + ky) * 3 + kx];
                                        }
                                    }
                                }
                            }
                            assertThat((double) dx[(y * w + x) * IN + c]).isCloseTo(expected,
                                    org.assertj.core.data.Offset.offset(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void the_matrix_product_path_and_its_gradient_are_bit_identical_in_every_session() throws Exception {
        // exact resumption of tuning needs this: a new session (the resumed run) must compute what the first did
        int n = 4, h = 4, w = 4;
        float[] weight = random(OUT * IN * 9, 9);
        float[] input = random(n * h * w * IN, 10);
        List<FloatTensor> first = null;
        for (int session = 0; session < 3; session++) {
            try (SafetensorsWeights weights = store(weight); ModelGraph graph = new ModelGraph("conv", 2, weights)) {
                Conv2d conv = Conv2d.same(graph.parameters(), "conv", IN, OUT, 3);
                ModelGraph.BuiltNetwork net = graph.variant("grad", tf -> {
                    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                            Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, h, w, IN)));
                    Operand<TFloat32> y = conv.apply(tf, x);
                    Operand<TFloat32> loss = tf.reduceSum(tf.math.square(y), tf.constant(new int[] {0, 1, 2, 3}));
                    org.tensorflow.Output<?>[] grads = graph.graph().addGradients(loss.asOutput(),
                            new org.tensorflow.Output<?>[] {x.asOutput(),
                                graph.parameters().find("conv.weight").orElseThrow().value().asOutput()});
                    @SuppressWarnings("unchecked")
                    Operand<TFloat32> dx = (Operand<TFloat32>) grads[0];
                    @SuppressWarnings("unchecked")
                    Operand<TFloat32> dw = (Operand<TFloat32>) grads[1];
                    return new ModelGraph.BuiltNetwork(List.of(x), List.of(y, dx, dw));
                });
                graph.loadParameters();
                try (TFloat32 x = HostTensors.toTensor(new long[] {n, h, w, IN}, input)) {
                    List<FloatTensor> out = graph.run(net, List.of(x), 0, 1, 2);
                    if (first == null) {
                        first = out;
                    } else {
                        assertThat(out).as("session %d", session).isEqualTo(first);
                    }
                }
            }
        }
    }

    private void assertMatchesReference(int n, int h, int w, int pad) throws Exception {
        float[] weight = random(OUT * IN * 9, 1);
        float[] bias = random(OUT, 2);
        float[] input = random(n * h * w * IN, 5);
        float[] actual = run(weight, bias, input, n, h, w, 1, pad);
        float[] expected = reference(weight, bias, input, n, h, w, 1, pad);
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("output %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private void assertMatchesReferenceStrided() throws Exception {
        float[] weight = random(OUT * IN * 9, 6);
        float[] bias = random(OUT, 7);
        float[] input = random(8 * 8 * IN, 8);
        float[] actual = run(weight, bias, input, 1, 8, 8, 2, 1);
        float[] expected = reference(weight, bias, input, 1, 8, 8, 2, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("output %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private float[] run(float[] weight, float[] bias, float[] input, int n, int h, int w, int stride, int pad)
            throws Exception {
        try (SafetensorsWeights weights = store(weight, bias); ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d conv = new Conv2d(graph.parameters(), "conv", IN, OUT, 3, stride, pad, pad, pad, pad);
            ModelGraph.BuiltNetwork net = graph.variant("fwd", tf -> {
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                        Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, h, w, IN)));
                return new ModelGraph.BuiltNetwork(List.of(x), List.of(conv.apply(tf, x)));
            });
            graph.loadParameters();
            try (TFloat32 x = HostTensors.toTensor(new long[] {n, h, w, IN}, input)) {
                return graph.run(net, List.of(x), 0).get(0).toArray();
            }
        }
    }

    /** Direct sum in double precision: NHWC input, PyTorch {@code [out, in, 3, 3]} weight, symmetric padding. */
    private static float[] reference(float[] weight, float[] bias, float[] input, int n, int h, int w, int stride,
            int pad) {
        int oh = (h + 2 * pad - 3) / stride + 1;
        int ow = (w + 2 * pad - 3) / stride + 1;
        float[] out = new float[n * oh * ow * OUT];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int o = 0; o < OUT; o++) {
                        double sum = bias[o];
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y * stride + ky - pad, ix = x * stride + kx - pad;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                    continue;
                                }
                                for (int c = 0; c < IN; c++) {
                                    sum += input[((b * h + iy) * w + ix) * IN + c]
                                            * weight[((o * IN + c) * 3 + ky) * 3 + kx];
                                }
                            }
                        }
                        out[((b * oh + y) * ow + x) * OUT + o] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    private SafetensorsWeights store(float[] weight, float... bias) throws Exception {
        float[] b = bias.length == 0 ? new float[OUT] : bias;
        Path file = dir.resolve("conv" + System.nanoTime() + ".safetensors");
        new SafetensorsWriter()
                .add("conv.weight", FloatTensor.of(new Shape(OUT, IN, 3, 3), weight))
                .add("conv.bias", FloatTensor.of(new Shape(OUT), b))
                .write(file);
        return SafetensorsWeights.open(file);
    }

    private static float[] random(int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
