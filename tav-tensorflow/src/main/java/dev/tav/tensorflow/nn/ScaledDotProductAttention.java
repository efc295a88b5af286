package dev.tav.tensorflow.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;

/**
 * Multi-head scaled dot-product attention, {@code softmax(scale·q·kᵀ + mask)·v} per head, with the queries processed
 * in chunks so that the score tensor of one step holds at most {@code chunk × keys} values per head and batch entry.
 * Chunking changes memory, not results.
 */
public final class ScaledDotProductAttention {
    private ScaledDotProductAttention() {}

    /**
     * @param tf ops
     * @param q queries {@code [N, Sq, heads·d]}
     * @param k keys {@code [N, Sk, heads·d]}
     * @param v values {@code [N, Sk, heads·dv]}
     * @param heads the number of heads
     * @param scale the factor applied to the scores (applied to {@code q} before the product)
     * @param queryChunk the largest number of queries per step; {@code 0} for all at once
     * @param mask an additive mask {@code [Sq, Sk]} added to the scores, or {@code null}
     * @return {@code [N, Sq, heads·dv]}
     */
    public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v,
            int heads, double scale, int queryChunk, Operand<TFloat32> mask) {
        long[] qd = Shapes.dims(q);
        long n = qd[0];
        long sq = qd[1];
        long vWidth = Shapes.dim(v, 2);
        Operand<TFloat32> qh = splitHeads(tf, tf.math.mul(q, tf.constant((float) scale)), heads);
        Operand<TFloat32> kh = splitHeads(tf, k, heads);
        Operand<TFloat32> vh = splitHeads(tf, v, heads);
        int rank = heads == 1 ? 3 : 4;
        long chunk = queryChunk <= 0 || queryChunk >= sq ? sq : queryChunk;
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (long start = 0; start < sq; start += chunk) {
            long size = Math.min(chunk, sq - start);
            Operand<TFloat32> qc = size == sq ? qh : sliceTokens(tf, qh, rank, start, size);
            Operand<TFloat32> scores = tf.train.batchMatMul(qc, kh, TFloat32.class, BatchMatMul.adjY(true));
            if (mask != null) {
                Operand<TFloat32> m = size == sq ? mask : tf.slice(mask, tf.constant(new long[] {start, 0}),
                        tf.constant(new long[] {size, -1}));
                scores = tf.math.add(scores, m);
            }
            parts.add(tf.train.batchMatMul(tf.nn.softmax(scores), vh, TFloat32.class));
        }
        Operand<TFloat32> out = Shapes.concat(tf, parts, rank - 2);
        if (heads == 1) {
            return out;
        }
        return Shapes.reshape(tf, Shapes.transpose(tf, out, 0, 2, 1, 3), n, sq, vWidth);
    }

    private static Operand<TFloat32> splitHeads(Ops tf, Operand<TFloat32> x, int heads) {
        if (heads == 1) {
            return x;
        }
        long[] d = Shapes.dims(x);
        if (d[2] % heads != 0) {
            throw new IllegalStateException(heads + " heads do not divide width " + d[2]);
        }
        return Shapes.transpose(tf, Shapes.reshape(tf, x, d[0], d[1], heads, d[2] / heads), 0, 2, 1, 3);
    }

    private static Operand<TFloat32> sliceTokens(Ops tf, Operand<TFloat32> x, int rank, long start, long size) {
        long[] begin = new long[rank];
        long[] sizes = new long[rank];
        java.util.Arrays.fill(sizes, -1);
        begin[rank - 2] = start;
        sizes[rank - 2] = size;
        return tf.slice(x, tf.constant(begin), tf.constant(sizes));
    }
}
