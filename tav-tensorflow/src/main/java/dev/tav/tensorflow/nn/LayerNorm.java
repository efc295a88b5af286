package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.OneDnnKernels;
import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Kind;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch {@code nn.LayerNorm} over the last axis, with affine parameters. In forward-only graphs it is oneDNN's
 * fused kernel where this TensorFlow build has it ({@link OneDnnKernels#layerNorm}: one pass instead of eight
 * elementwise operations), else the composition of TensorFlow operations, which has a gradient.
 */
public final class LayerNorm {
    private final float eps;
    private final Operand<TFloat32> gamma;
    private final Operand<TFloat32> beta;
    private final boolean fused;

    /**
     * Declares {@code prefix.weight} and {@code prefix.bias}.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param features the normalised width
     * @param eps the variance epsilon
     */
    public LayerNorm(ParameterStore params, String prefix, long features, double eps) {
        this(params.norm(prefix + ".weight", Kind.NORM_SCALE, features),
                params.norm(prefix + ".bias", Kind.NORM_SHIFT, features), eps, params.forwardOnly());
    }

    /**
     * Uses already declared parameters.
     *
     * @param gamma the scale
     * @param beta the shift
     * @param eps the variance epsilon
     * @param forwardOnly whether the graph is never differentiated ({@link ParameterStore#forwardOnly()}), which
     *     allows the fused kernel
     */
    public LayerNorm(Operand<TFloat32> gamma, Operand<TFloat32> beta, double eps, boolean forwardOnly) {
        this.gamma = gamma;
        this.beta = beta;
        this.eps = (float) eps;
        this.fused = forwardOnly && OneDnnKernels.hasLayerNorm();
    }

    /**
     * @param tf ops
     * @param x {@code [..., features]}
     * @return the normalised tensor, same shape
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        int rank = Shapes.dims(x).length;
        if (fused && rank >= 2 && rank <= 3) {
            return OneDnnKernels.layerNorm(tf, x, gamma, beta, eps);
        }
        Operand<TFloat32> normed = Standardize.apply(tf, x, new int[] {rank - 1}, eps);
        return tf.math.add(tf.math.mul(normed, gamma), beta);
    }
}
