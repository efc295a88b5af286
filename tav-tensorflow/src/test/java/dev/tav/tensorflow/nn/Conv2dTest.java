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
    /** Input channels whose 3×3 patches are thin (5·9 = 45 values): sliced out at any size. */
    private static final int THIN = 5;
    /** Input channels whose 3×3 patches are too long to count as thin (8·9 = 72 values). */
    private static final int THICK = 8;
    private static final int OUT = 7;

    @TempDir
    Path dir;

    @Test
    void small_outputs_gather_their_patches_with_a_selection_matrix_and_equal_the_direct_sum() throws Exception {
        // 6×6 padded by 1 → 36 pixels ≤ 64
        assertMatchesReference(THICK, 2, 6, 6, 1, 1, Conv2d.Method.SELECTED_PATCHES);
        assertMatchesReference(THICK, 1, 5, 5, 1, 0, Conv2d.Method.SELECTED_PATCHES);
    }

    @Test
    void strided_small_outputs_gather_their_patches_too_and_equal_the_direct_sum() throws Exception {
        // 8×8 → 4×4 with stride 2, as the U-Net's down-samplers
        assertMatchesReference(THICK, 1, 8, 8, 2, 1, Conv2d.Method.SELECTED_PATCHES);
    }

    @Test
    void thin_patches_are_sliced_out_and_equal_the_direct_sum() throws Exception {
        // 12×10 = 120 pixels > 64, but 45-value patches: sliced
        assertMatchesReference(THIN, 1, 12, 10, 1, 1, Conv2d.Method.SLICED_PATCHES);
    }

    @Test
    void large_outputs_of_thick_patches_take_the_convolution_and_equal_the_direct_sum() throws Exception {
        assertMatchesReference(THICK, 1, 12, 10, 1, 1, Conv2d.Method.CONVOLUTION);
        assertMatchesReference(THICK, 1, 20, 20, 2, 1, Conv2d.Method.CONVOLUTION);
    }

    @Test
    void wide_filters_on_few_output_rows_are_sliced_and_otherwise_convolved() throws Exception {
        // only declared, never loaded: the choice depends on the shapes alone
        try (SafetensorsWeights weights = store(THICK, OUT, random(OUT * THICK * 9, 1));
                ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d wide = Conv2d.same(graph.parameters(), "wide", 1280, 1280, 3);
            assertThat(wide.method(2, 16, 16)).isEqualTo(Conv2d.Method.SLICED_PATCHES);
            assertThat(wide.method(16, 16, 16)).isEqualTo(Conv2d.Method.CONVOLUTION);
            assertThat(wide.method(16, 8, 8)).isEqualTo(Conv2d.Method.SELECTED_PATCHES);
            Conv2d narrower = Conv2d.same(graph.parameters(), "narrower", 640, 640, 3);
            assertThat(narrower.method(2, 16, 16)).isEqualTo(Conv2d.Method.CONVOLUTION);
            Conv2d pointwise = Conv2d.same(graph.parameters(), "pointwise", 1280, 1280, 1);
            assertThat(pointwise.method(2, 4, 4)).isEqualTo(Conv2d.Method.SLICED_PATCHES);
            assertThat(pointwise.method(16, 16, 16)).isEqualTo(Conv2d.Method.CONVOLUTION);
            Conv2d narrowPointwise = Conv2d.same(graph.parameters(), "narrowPointwise", 320, 640, 1);
            assertThat(narrowPointwise.method(2, 4, 4)).isEqualTo(Conv2d.Method.CONVOLUTION);
        }
    }

    @Test
    void wide_pointwise_filters_on_few_rows_are_one_matrix_product_that_equals_the_direct_sum() throws Exception {
        int in = 1024;
        int out = 1024;
        int n = 2;
        int side = 3;
        float[] weight = random(out * in, 11);
        float[] bias = random(out, 12);
        float[] input = random(n * side * side * in, 13);
        Path file = dir.resolve("pointwise.safetensors");
        new SafetensorsWriter()
                .add("conv.weight", FloatTensor.of(new Shape(out, in, 1, 1), weight))
                .add("conv.bias", FloatTensor.of(new Shape(out), bias))
                .write(file);
        try (SafetensorsWeights weights = SafetensorsWeights.open(file);
                ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d conv = Conv2d.same(graph.parameters(), "conv", in, out, 1);
            assertThat(conv.method(n, side, side)).isEqualTo(Conv2d.Method.SLICED_PATCHES);
            float[] actual = forward(graph, conv, new long[] {n, side, side, in}, input);
            for (int p = 0; p < n * side * side; p++) {
                for (int o = 0; o < out; o++) {
                    double want = bias[o];
                    for (int c = 0; c < in; c++) {
                        want += input[p * in + c] * (double) weight[o * in + c];
                    }
                    assertThat((double) actual[p * out + o]).as("pixel %d channel %d", p, o)
                            .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-4 + 1e-5 * Math.abs(want)));
                }
            }
        }
    }

    @Test
    void the_patch_paths_have_the_convolution_gradient() throws Exception {
        assertGradientMatches(THICK, 4, 4, Conv2d.Method.SELECTED_PATCHES);
        assertGradientMatches(THIN, 9, 9, Conv2d.Method.SLICED_PATCHES);
    }

    @Test
    void the_patch_paths_and_their_gradients_are_bit_identical_in_every_session() throws Exception {
        // exact resumption of tuning needs this: a new session (the resumed run) must compute what the first did
        assertBitIdenticalAcrossSessions(THICK, 4, Conv2d.Method.SELECTED_PATCHES);
        assertBitIdenticalAcrossSessions(THIN, 9, Conv2d.Method.SLICED_PATCHES);
    }

    /**
     * d(sum of outputs)/d(input) of a padded 3×3 convolution: each input pixel receives the sum of the filter taps
     * that reach it, so compare it with the same sum computed directly.
     */
    private void assertGradientMatches(int in, int h, int w, Conv2d.Method expected) throws Exception {
        int n = 1;
        float[] weight = random(OUT * in * 9, 3);
        try (SafetensorsWeights weights = store(in, OUT, weight); ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d conv = Conv2d.same(graph.parameters(), "conv", in, OUT, 3);
            assertThat(conv.method(n, h, w)).isEqualTo(expected);
            ModelGraph.BuiltNetwork net = graph.variant("grad", tf -> {
                Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                        Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, h, w, in)));
                Operand<TFloat32> y = tf.reduceSum(conv.apply(tf, x), tf.constant(new int[] {0, 1, 2, 3}));
                @SuppressWarnings("unchecked")
                Operand<TFloat32> dx = (Operand<TFloat32>) graph.graph().addGradients(y.asOutput(),
                        new org.tensorflow.Output<?>[] {x.asOutput()})[0];
                return new ModelGraph.BuiltNetwork(List.of(x), List.of(dx));
            });
            graph.loadParameters();
            try (TFloat32 input = HostTensors.toTensor(new long[] {n, h, w, in}, random(n * h * w * in, 4))) {
                float[] dx = graph.run(net, List.of(input), 0).get(0).toArray();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < in; c++) {
                            double sum = 0;
                            for (int o = 0; o < OUT; o++) {
                                for (int ky = 0; ky < 3; ky++) {
                                    for (int kx = 0; kx < 3; kx++) {
                                        int oy = y + 1 - ky, ox = x + 1 - kx;
                                        if (oy >= 0 && oy < h && ox >= 0 && ox < w) {
                                            sum += weight[((o * in + c) * 3 + ky) * 3 + kx];
                                        }
                                    }
                                }
                            }
                            assertThat((double) dx[(y * w + x) * in + c]).isCloseTo(sum,
                                    org.assertj.core.data.Offset.offset(1e-4));
                        }
                    }
                }
            }
        }
    }

    private void assertBitIdenticalAcrossSessions(int in, int side, Conv2d.Method expected) throws Exception {
        int n = 4;
        float[] weight = random(OUT * in * 9, 9);
        float[] input = random(n * side * side * in, 10);
        List<FloatTensor> first = null;
        for (int session = 0; session < 3; session++) {
            try (SafetensorsWeights weights = store(in, OUT, weight);
                    ModelGraph graph = new ModelGraph("conv", 2, weights)) {
                Conv2d conv = Conv2d.same(graph.parameters(), "conv", in, OUT, 3);
                assertThat(conv.method(n, side, side)).isEqualTo(expected);
                ModelGraph.BuiltNetwork net = graph.variant("grad", tf -> {
                    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                            Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, side, side, in)));
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
                try (TFloat32 x = HostTensors.toTensor(new long[] {n, side, side, in}, input)) {
                    List<FloatTensor> out = graph.run(net, List.of(x), 0, 1, 2);
                    if (first == null) {
                        first = out;
                    } else {
                        assertThat(out).as("%s, session %d", expected, session).isEqualTo(first);
                    }
                }
            }
        }
    }

    private void assertMatchesReference(int in, int n, int h, int w, int stride, int pad, Conv2d.Method expected)
            throws Exception {
        float[] weight = random(OUT * in * 9, 1);
        float[] bias = random(OUT, 2);
        float[] input = random(n * h * w * in, 5);
        float[] expectedOutput = reference(in, weight, bias, input, n, h, w, stride, pad);
        try (SafetensorsWeights weights = store(in, OUT, weight, bias);
                ModelGraph graph = new ModelGraph("conv", 1, weights)) {
            Conv2d conv = new Conv2d(graph.parameters(), "conv", in, OUT, 3, stride, pad, pad, pad, pad);
            int oh = (h + 2 * pad - 3) / stride + 1;
            int ow = (w + 2 * pad - 3) / stride + 1;
            assertThat(conv.method(n, oh, ow)).isEqualTo(expected);
            float[] actual = forward(graph, conv, new long[] {n, h, w, in}, input);
            assertThat(actual).hasSize(expectedOutput.length);
            for (int i = 0; i < expectedOutput.length; i++) {
                assertThat(actual[i]).as("output %d", i)
                        .isCloseTo(expectedOutput[i], org.assertj.core.data.Offset.offset(
                                1e-5f + 1e-6f * Math.abs(expectedOutput[i])));
            }
        }
    }

    /** Loads the graph's parameters and runs {@code conv} forward on {@code input} of {@code shape} (NHWC). */
    private static float[] forward(ModelGraph graph, Conv2d conv, long[] shape, float[] input) throws Exception {
        ModelGraph.BuiltNetwork net = graph.variant("fwd", tf -> {
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
            return new ModelGraph.BuiltNetwork(List.of(x), List.of(conv.apply(tf, x)));
        });
        graph.loadParameters();
        try (TFloat32 x = HostTensors.toTensor(shape, input)) {
            return graph.run(net, List.of(x), 0).get(0).toArray();
        }
    }

    /** Direct sum in double precision: NHWC input, PyTorch {@code [out, in, 3, 3]} weight, symmetric padding. */
    private static float[] reference(int in, float[] weight, float[] bias, float[] input, int n, int h, int w,
            int stride, int pad) {
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
                                for (int c = 0; c < in; c++) {
                                    sum += input[((b * h + iy) * w + ix) * in + c]
                                            * weight[((o * in + c) * 3 + ky) * 3 + kx];
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

    /** Weights of one 3×3 convolution {@code conv} ({@code [out, in, 3, 3]}; zero bias unless given). */
    private SafetensorsWeights store(int in, int out, float[] weight, float... bias) throws Exception {
        float[] b = bias.length == 0 ? new float[out] : bias;
        Path file = dir.resolve("conv" + System.nanoTime() + ".safetensors");
        new SafetensorsWriter()
                .add("conv.weight", FloatTensor.of(new Shape(out, in, 3, 3), weight))
                .add("conv.bias", FloatTensor.of(new Shape(out), b))
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
