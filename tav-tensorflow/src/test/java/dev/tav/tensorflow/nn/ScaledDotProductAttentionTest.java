package dev.tav.tensorflow.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ScaledDotProductAttentionTest {
    private static final int D = 4;

    @Test
    void large_score_matrices_computed_head_by_head_equal_the_definition() {
        // 1024·1024 query-key pairs per head: at the per-head threshold
        assertThat(1024L * 1024).isGreaterThanOrEqualTo(ScaledDotProductAttention.PER_HEAD_MIN_SCORES);
        assertMatchesDefinition(2, 2, 1024, 1024, 0, false);
        assertMatchesDefinition(1, 1, 1100, 1000, 0, false);
    }

    @Test
    void long_keys_cut_the_queries_of_each_head_into_cache_sized_chunks_that_equal_the_definition() {
        // 4096 keys: at most 2^21 scores per product, so 512-query chunks
        assertMatchesDefinition(1, 2, 1024, 4096, 0, false);
    }

    @Test
    void head_by_head_query_chunks_of_uneven_size_and_a_mask_equal_the_definition() {
        assertMatchesDefinition(2, 2, 1024, 1030, 300, true);
    }

    @Test
    void small_score_matrices_in_one_batched_product_equal_the_definition() {
        assertThat(512L * 512).isLessThan(ScaledDotProductAttention.PER_HEAD_MIN_SCORES);
        assertMatchesDefinition(3, 2, 16, 77, 5, true);
        assertMatchesDefinition(2, 1, 16, 16, 0, false);
        assertMatchesDefinition(1, 2, 512, 512, 0, false);
    }

    @Test
    void batched_gradients_are_bit_identical_in_every_session() {
        assertGradientsBitIdenticalInThreeSessions(2, 8, 64, 77, 16);
    }

    @Test
    void head_by_head_gradients_with_query_chunks_are_bit_identical_in_every_session() {
        // 16 (entry, head) pairs, 8 query chunks each: each key and value matrix feeds 8 products
        assertGradientsBitIdenticalInThreeSessions(2, 8, 1024, 1024, 128);
    }

    private static void assertGradientsBitIdenticalInThreeSessions(int n, int heads, int sq, int sk, int chunk) {
        List<FloatTensor> first = gradients(n, heads, sq, sk, chunk);
        for (int session = 1; session < 3; session++) {
            assertThat(gradients(n, heads, sq, sk, chunk)).as("session %d", session).isEqualTo(first);
        }
    }

    private static void assertMatchesDefinition(int n, int heads, int sq, int sk, int chunk, boolean masked) {
        float[] q = NnTestSupport.uniform(n * sq * heads * D, 1, 1);
        float[] k = NnTestSupport.uniform(n * sk * heads * D, 2, 1);
        float[] v = NnTestSupport.uniform(n * sk * heads * D, 3, 1);
        float[] mask = masked ? NnTestSupport.uniform(sq * sk, 4, 1) : null;
        double scale = 1 / Math.sqrt(D);
        float[] actual;
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> maskOp = masked ? constant(tf, new long[] {sq, sk}, mask) : null;
            Operand<TFloat32> out = ScaledDotProductAttention.apply(tf,
                    constant(tf, new long[] {n, sq, heads * D}, q), constant(tf, new long[] {n, sk, heads * D}, k),
                    constant(tf, new long[] {n, sk, heads * D}, v), heads, scale, chunk, maskOp);
            assertThat(out.shape().asArray()).containsExactly(n, sq, heads * D);
            // head by head: two-dimensional products only; otherwise one oneDNN-batched product (never V3)
            List<String> ops = NnTestSupport.opTypes(graph);
            if ((long) sq * sk >= ScaledDotProductAttention.PER_HEAD_MIN_SCORES) {
                assertThat(ops).contains("MatMul").doesNotContain("BatchMatMulV2", "BatchMatMulV3");
            } else {
                assertThat(ops).contains("BatchMatMulV2").doesNotContain("MatMul", "BatchMatMulV3");
            }
            try (Result r = session.runner().fetch(out).run()) {
                actual = HostTensors.toHost((TFloat32) r.get(0)).toArray();
            }
        }
        int width = heads * D;
        for (int b = 0; b < n; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < sq; i++) {
                    double[] scores = new double[sk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < sk; j++) {
                        double s = 0;
                        for (int c = 0; c < D; c++) {
                            s += q[(b * sq + i) * width + h * D + c] * (double) k[(b * sk + j) * width + h * D + c];
                        }
                        scores[j] = s * scale + (masked ? mask[i * sk + j] : 0);
                        max = Math.max(max, scores[j]);
                    }
                    double total = 0;
                    for (int j = 0; j < sk; j++) {
                        scores[j] = Math.exp(scores[j] - max);
                        total += scores[j];
                    }
                    for (int c = 0; c < D; c++) {
                        double want = 0;
                        for (int j = 0; j < sk; j++) {
                            want += scores[j] / total * v[(b * sk + j) * width + h * D + c];
                        }
                        float got = actual[(b * sq + i) * width + h * D + c];
                        assertThat((double) got).as("entry %d head %d query %d channel %d", b, h, i, c)
                                .isCloseTo(want, org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(want)));
                    }
                }
            }
        }
    }

    /** d(Σ out²)/d(q, k, v) in a new graph and session. */
    private static List<FloatTensor> gradients(int n, int heads, int sq, int sk, int chunk) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            List<Placeholder<TFloat32>> inputs = List.of(placeholder(tf, n, sq, heads * D),
                    placeholder(tf, n, sk, heads * D), placeholder(tf, n, sk, heads * D));
            Operand<TFloat32> out = ScaledDotProductAttention.apply(tf, inputs.get(0), inputs.get(1), inputs.get(2),
                    heads, 0.5, chunk, null);
            Operand<TFloat32> loss = tf.reduceSum(tf.math.square(out), tf.constant(new int[] {0, 1, 2}));
            Output<?>[] grads = graph.addGradients(loss.asOutput(),
                    inputs.stream().map(Operand::asOutput).toArray(Output<?>[]::new));
            Session.Runner runner = session.runner();
            List<TFloat32> fed = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    long[] shape = inputs.get(i).shape().asArray();
                    int size = (int) (shape[0] * shape[1] * shape[2]);
                    fed.add(HostTensors.toTensor(shape, NnTestSupport.uniform(size, 10 + i, 1)));
                    runner.feed(inputs.get(i), fed.get(i));
                }
                for (Output<?> g : grads) {
                    runner.fetch(g);
                }
                List<FloatTensor> result = new ArrayList<>();
                try (Result r = runner.run()) {
                    for (int i = 0; i < grads.length; i++) {
                        result.add(HostTensors.toHost((TFloat32) r.get(i)));
                    }
                }
                return result;
            } finally {
                fed.forEach(TFloat32::close);
            }
        }
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
    }

    private static Operand<TFloat32> constant(Ops tf, long[] shape, float[] values) {
        return tf.constant(org.tensorflow.ndarray.Shape.of(shape),
                org.tensorflow.ndarray.buffer.DataBuffers.of(values));
    }

}
