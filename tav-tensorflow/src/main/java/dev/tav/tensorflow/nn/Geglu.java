package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.OneDnnKernels;
import dev.tav.tensorflow.runtime.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;

/**
 * diffusers' {@code GEGLU}: {@code proj} maps {@code in} features to {@code 2·inner}, and the output is the first half
 * times the exact GELU of the second.
 *
 * <p>In forward-only graphs, when there are at least half as many rows as input features, the two halves are two
 * products, the second with bias and GELU fused into it by oneDNN ({@link OneDnnKernels#matMulBiasGelu}): the
 * weight's column halves are copied at every evaluation ({@code in·2·inner} values), and the split of the
 * {@code rows·2·inner} output and five elementwise passes over half of it are saved. Measured on the U-Net's
 * shapes (docs/performance.md): 2048 rows × 320 features 10.8 → 9.0 ms, 16384 × 320 86.9 → 67.4 ms; 128 × 1280 slower
 * (10.1 → 12.1 ms), so few rows keep one product.
 */
public final class Geglu {
    private final Linear proj;
    private final long in;
    private final boolean fused;

    /**
     * Declares {@code prefix.proj.weight} and {@code prefix.proj.bias}.
     *
     * @param params the store
     * @param prefix the module's PyTorch name ({@code ff.net.0} in a transformer block)
     * @param in input features
     * @param inner output features
     */
    public Geglu(ParameterStore params, String prefix, long in, long inner) {
        this.proj = new Linear(params, prefix + ".proj", in, 2 * inner, true);
        this.in = in;
        this.fused = params.forwardOnly() && OneDnnKernels.hasMatMulGelu();
    }

    /**
     * @param tf ops
     * @param x {@code [..., in]}
     * @return {@code [..., inner]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        long[] d = Shapes.dims(x);
        long rows = 1;
        for (int i = 0; i < d.length - 1; i++) {
            rows *= d[i];
        }
        if (fused && 2 * rows >= in) {
            Split<TFloat32> weights = tf.split(tf.constant(1), proj.weight(), 2L);
            Split<TFloat32> biases = tf.split(tf.constant(0), proj.bias(), 2L);
            Operand<TFloat32> flat = Shapes.reshape(tf, x, rows, in);
            Operand<TFloat32> value = tf.nn.biasAdd(tf.linalg.matMul(flat, weights.output().get(0)),
                    biases.output().get(0));
            Operand<TFloat32> gate = OneDnnKernels.matMulBiasGelu(tf, flat, weights.output().get(1),
                    biases.output().get(1));
            long[] outDims = d.clone();
            outDims[d.length - 1] = proj.outFeatures() / 2;
            return Shapes.reshape(tf, tf.math.mul(value, gate), outDims);
        }
        Split<TFloat32> halves = tf.split(tf.constant(-1), proj.apply(tf, x), 2L);
        return tf.math.mul(halves.output().get(0), Activations.gelu(tf, halves.output().get(1)));
    }
}
