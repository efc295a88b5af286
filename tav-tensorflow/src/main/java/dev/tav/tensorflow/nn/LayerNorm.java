package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Kind;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** PyTorch {@code nn.LayerNorm} over the last axis, with affine parameters. */
public final class LayerNorm {
    private final float eps;
    private final Operand<TFloat32> gamma;
    private final Operand<TFloat32> beta;

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
                params.norm(prefix + ".bias", Kind.NORM_SHIFT, features), eps);
    }

    /**
     * Uses already declared parameters.
     *
     * @param gamma the scale
     * @param beta the shift
     * @param eps the variance epsilon
     */
    public LayerNorm(Operand<TFloat32> gamma, Operand<TFloat32> beta, double eps) {
        this.gamma = gamma;
        this.beta = beta;
        this.eps = (float) eps;
    }

    /**
     * @param tf ops
     * @param x {@code [..., features]}
     * @return the normalised tensor, same shape
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        int last = Shapes.dims(x).length - 1;
        Operand<TFloat32> normed = Standardize.apply(tf, x, new int[] {last}, eps);
        return tf.math.add(tf.math.mul(normed, gamma), beta);
    }
}
