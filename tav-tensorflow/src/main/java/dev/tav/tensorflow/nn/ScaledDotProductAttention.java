package dev.tav.tensorflow.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Multi-head scaled dot-product attention, {@code softmax(scale·q·kᵀ + mask)·v} per head, with the queries processed
 * in chunks so that the score tensor of one step holds at most {@code chunk × keys} values per head and batch entry.
 * Chunking changes memory, not results.
 *
 * <p>Score matrices of at least {@value #PER_HEAD_MIN_SCORES} query–key pairs per head (the U-Net's top level at
 * 256² pixels and above) are computed one (batch entry, head) pair at a time as plain two-dimensional products, the
 * queries cut so that one product makes at most {@value #SCORE_BLOCK} scores (in at most {@value #MAX_CACHE_CHUNKS}
 * chunks): each score block then stays in cache between its product, its soft-max and the second product (at 1024
 * tokens and 8 heads, a fifth less time than one batched product; docs/performance.md). Smaller score matrices
 * (lower U-Net levels, cross-attention to text, temporal attention over frames, text encoders) are one batched
 * product per query chunk ({@link MatrixProducts#batched}), where per-head operations would cost more than they
 * save.
 */
public final class ScaledDotProductAttention {
    /** The fewest query–key pairs per head for which heads are computed one at a time. */
    static final long PER_HEAD_MIN_SCORES = 1 << 20;
    /** The most scores of one head that one product computes when heads are computed one at a time (8 MB). */
    static final long SCORE_BLOCK = 1 << 21;
    /** The most query chunks per head that {@link #SCORE_BLOCK} alone makes. */
    static final long MAX_CACHE_CHUNKS = 8;

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
        long sq = Shapes.dim(q, 1);
        long chunk = queryChunk <= 0 || queryChunk >= sq ? sq : queryChunk;
        Operand<TFloat32> scaled = tf.math.mul(q, tf.constant((float) scale));
        long sk = Shapes.dim(k, 1);
        if (sq * sk >= PER_HEAD_MIN_SCORES) {
            long cacheChunk = Math.max(SCORE_BLOCK / sk, (sq + MAX_CACHE_CHUNKS - 1) / MAX_CACHE_CHUNKS);
            return perHead(tf, scaled, k, v, heads, Math.min(chunk, cacheChunk), mask);
        }
        return batched(tf, scaled, k, v, heads, chunk, mask);
    }

    /** All heads and batch entries in one batched product per query chunk. */
    private static Operand<TFloat32> batched(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v,
            int heads, long chunk, Operand<TFloat32> mask) {
        long sq = Shapes.dim(q, 1);
        Operand<TFloat32> qh = splitHeads(tf, q, heads);
        Operand<TFloat32> kh = splitHeads(tf, k, heads);
        Operand<TFloat32> vh = splitHeads(tf, v, heads);
        int rank = heads == 1 ? 3 : 4;
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (long start = 0; start < sq; start += chunk) {
            long size = Math.min(chunk, sq - start);
            Operand<TFloat32> qc = size == sq ? qh : sliceTokens(tf, qh, rank, start, size);
            Operand<TFloat32> scores = MatrixProducts.batched(tf, qc, kh, true);
            parts.add(MatrixProducts.batched(tf, softmax(tf, scores, maskRows(tf, mask, start, size, sq)), vh,
                    false));
        }
        return mergeHeads(tf, Shapes.concat(tf, parts, rank - 2), heads, Shapes.dim(q, 0), sq);
    }

    /**
     * One (batch entry, head) pair at a time: the head-major rows {@code [N·heads·S, d]} are split into one
     * {@code [S, d]} matrix per pair (and the queries further into chunks), multiplied as two-dimensional products
     * and concatenated back in the same order.
     */
    private static Operand<TFloat32> perHead(Ops tf, Operand<TFloat32> q, Operand<TFloat32> k, Operand<TFloat32> v,
            int heads, long chunk, Operand<TFloat32> mask) {
        long n = Shapes.dim(q, 0);
        long sq = Shapes.dim(q, 1);
        long pairs = n * heads;
        List<Operand<TFloat32>> keys = pairMatrices(tf, k, heads, pairs);
        List<Operand<TFloat32>> values = pairMatrices(tf, v, heads, pairs);
        int chunks = (int) ((sq + chunk - 1) / chunk);
        List<Operand<TFloat32>> chunkMasks = new ArrayList<>();
        long[] sizes = new long[(int) pairs * chunks];
        for (int c = 0; c < chunks; c++) {
            long size = Math.min(chunk, sq - c * chunk);
            chunkMasks.add(maskRows(tf, mask, c * chunk, size, sq));
            for (int pair = 0; pair < pairs; pair++) {
                sizes[pair * chunks + c] = size;
            }
        }
        Operand<TFloat32> queryRows = headMajorRows(tf, q, heads);
        List<Operand<TFloat32>> queries = new ArrayList<>();
        if (sizes.length == 1) {
            queries.add(queryRows);
        } else {
            queries.addAll(tf.splitV(queryRows, tf.constant(sizes), tf.constant(0), (long) sizes.length).output());
        }
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int pair = i / chunks;
            Operand<TFloat32> scores = tf.linalg.matMul(queries.get(i), keys.get(pair), MatMul.transposeB(true));
            parts.add(tf.linalg.matMul(softmax(tf, scores, chunkMasks.get(i % chunks)), values.get(pair)));
        }
        Operand<TFloat32> rows = Shapes.concat(tf, parts, 0);
        long dv = Shapes.dim(rows, 1);
        return mergeHeads(tf, Shapes.reshape(tf, rows, heads == 1 ? new long[] {n, sq, dv}
                : new long[] {n, heads, sq, dv}), heads, n, sq);
    }

    /** {@code [N, S, heads·d]} as one {@code [S, d]} matrix per (batch entry, head), batch-major. */
    private static List<Operand<TFloat32>> pairMatrices(Ops tf, Operand<TFloat32> x, int heads, long pairs) {
        Operand<TFloat32> rows = headMajorRows(tf, x, heads);
        if (pairs == 1) {
            return List.of(rows);
        }
        long s = Shapes.dim(x, 1);
        long d = Shapes.dim(rows, 1);
        Split<TFloat32> split = tf.split(tf.constant(0), rows, pairs);
        List<Operand<TFloat32>> matrices = new ArrayList<>();
        for (Operand<TFloat32> part : split.output()) {
            // a node per matrix, so that the consumers of one matrix (its query chunks) hang off their own node:
            // gradient contributions are then summed in a fixed order (see Shapes#concat)
            matrices.add(Shapes.reshape(tf, part, s, d));
        }
        return matrices;
    }

    /** {@code [N, S, heads·d]} to {@code [N·heads·S, d]}, rows ordered by batch entry, head, token. */
    private static Operand<TFloat32> headMajorRows(Ops tf, Operand<TFloat32> x, int heads) {
        long[] d = Shapes.dims(x);
        Operand<TFloat32> h = splitHeads(tf, x, heads);
        return Shapes.reshape(tf, h, d[0] * heads * d[1], d[2] / heads);
    }

    /** @return the mask's rows of a query chunk, or {@code null} without a mask */
    private static Operand<TFloat32> maskRows(Ops tf, Operand<TFloat32> mask, long start, long size, long sq) {
        if (mask == null || size == sq) {
            return mask;
        }
        return tf.slice(mask, tf.constant(new int[] {(int) start, 0}), tf.constant(new int[] {(int) size, -1}));
    }

    /** @return {@code softmax(scores + mask)} over the keys; {@code mask} may be {@code null} */
    private static Operand<TFloat32> softmax(Ops tf, Operand<TFloat32> scores, Operand<TFloat32> mask) {
        return tf.nn.softmax(mask == null ? scores : tf.math.add(scores, mask));
    }

    /** {@code [N, heads, S, dv]} (or {@code [N, S, dv]} for one head) back to {@code [N, S, heads·dv]}. */
    private static Operand<TFloat32> mergeHeads(Ops tf, Operand<TFloat32> x, int heads, long n, long sq) {
        if (heads == 1) {
            return x;
        }
        return Shapes.reshape(tf, Shapes.transpose(tf, x, 0, 2, 1, 3), n, sq, heads * Shapes.dim(x, 3));
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

    /** A token range of axis {@code rank - 2}, sliced with int32 bounds (TensorFlow's Slice gradient needs them). */
    private static Operand<TFloat32> sliceTokens(Ops tf, Operand<TFloat32> x, int rank, long start, long size) {
        int[] begin = new int[rank];
        int[] sizes = new int[rank];
        Arrays.fill(sizes, -1);
        begin[rank - 2] = (int) start;
        sizes[rank - 2] = (int) size;
        return tf.slice(x, tf.constant(begin), tf.constant(sizes));
    }
}
