package dev.tav.tensorflow.nn;

import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Batched matrix products as TensorFlow's {@code BatchMatMulV2}, which its oneDNN graph pass turns into one oneDNN
 * matmul over the whole batch. TensorFlow Java wraps only {@code BatchMatMulV3}, which that pass leaves alone: its
 * kernel loops over the batch calling one small product per matrix, with a gap between calls; at the U-Net's
 * attention shapes V2 took half the time (docs/performance.md). Both have a gradient.
 */
public final class MatrixProducts {
    private MatrixProducts() {}

    /**
     * {@code a · b} (or {@code a · bᵀ}) for every matrix of the batch, with the batch dimensions broadcast.
     *
     * @param tf ops
     * @param a {@code [..., M, K]}
     * @param b {@code [..., K, N]}, or {@code [..., N, K]} when {@code transposeB}
     * @param transposeB whether to multiply by the transpose of each matrix of {@code b}
     * @return {@code [..., M, N]}
     */
    public static Operand<TFloat32> batched(Ops tf, Operand<TFloat32> a, Operand<TFloat32> b, boolean transposeB) {
        OperationBuilder op = tf.scope().opBuilder("BatchMatMulV2", "BatchMatMulV2");
        op.addInput(a.asOutput());
        op.addInput(b.asOutput());
        op.setAttr("adj_x", false);
        op.setAttr("adj_y", transposeB);
        return op.build().output(0);
    }
}
