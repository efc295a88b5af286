package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Initializer;
import dev.tav.tensorflow.runtime.ParameterStore.Kind;
import dev.tav.tensorflow.runtime.ParameterStore.Layout;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch {@code nn.Linear} over the last axis: {@code y = x·Wᵀ + b}. Also accepts a 1×1 convolution weight
 * {@code [out, in, 1, 1]} under the same name (SD 1.x {@code proj_in}, LDM VAE attention), which is the same map on
 * channels-last data.
 */
public final class Linear {
    private final long in;
    private final long out;
    private final Operand<TFloat32> weight;
    private final Operand<TFloat32> bias;

    /**
     * Declares {@code prefix.weight} (and {@code prefix.bias}).
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param in input features
     * @param out output features
     * @param bias whether the layer has a bias
     */
    public Linear(ParameterStore params, String prefix, long in, long out, boolean bias) {
        this(params, List.of(prefix), in, out, bias, null);
    }

    /**
     * Declares a layer known under several names (the first present in the checkpoint is read).
     *
     * @param params the store
     * @param prefixes the module's accepted PyTorch names, in preference order
     * @param in input features
     * @param out output features
     * @param bias whether the layer has a bias
     * @param fresh creates the parameters when the checkpoint lacks them; {@code null} makes them required
     */
    public Linear(ParameterStore params, List<String> prefixes, long in, long out, boolean bias, Initializer fresh) {
        this(params, prefixes, in, out, bias, fresh, new long[] {out, in});
    }

    private Linear(ParameterStore params, List<String> prefixes, long in, long out, boolean bias, Initializer fresh,
            long[] weightShape) {
        this.in = in;
        this.out = out;
        this.weight = params.declare(suffixed(prefixes, ".weight"), weightShape, Layout.LINEAR, Kind.WEIGHT, in,
                fresh);
        this.bias = bias ? params.declare(suffixed(prefixes, ".bias"), new long[] {out}, Layout.AS_IS, Kind.BIAS, in,
                fresh) : null;
    }

    /**
     * Declares a 1×1 {@code Conv2d} with bias, whose weight's PyTorch shape is {@code [out, in, 1, 1]} (a checkpoint
     * may also hold it as {@code [out, in]}); computed as the same map on channels-last data.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param in input channels
     * @param out output channels
     * @return the layer
     */
    public static Linear pointwiseConv(ParameterStore params, String prefix, long in, long out) {
        return new Linear(params, List.of(prefix), in, out, true, null, new long[] {out, in, 1, 1});
    }

    private static List<String> suffixed(List<String> prefixes, String suffix) {
        return prefixes.stream().map(p -> p + suffix).toList();
    }

    /** @return output features */
    public long outFeatures() {
        return out;
    }

    /** @return the weight in TensorFlow's {@code [in, out]} layout */
    Operand<TFloat32> weight() {
        return weight;
    }

    /** @return the bias {@code [out]}, or {@code null} for none */
    Operand<TFloat32> bias() {
        return bias;
    }

    /**
     * @param tf ops
     * @param x {@code [..., in]}
     * @return {@code [..., out]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        long[] dims = Shapes.dims(x);
        if (dims[dims.length - 1] != in) {
            throw new IllegalStateException("linear layer expects " + in + " features, got " + x.shape());
        }
        Operand<TFloat32> flat = dims.length == 2 ? x : Shapes.reshape(tf, x, -1, in);
        Operand<TFloat32> y = tf.linalg.matMul(flat, weight);
        if (bias != null) {
            y = tf.nn.biasAdd(y, bias);
        }
        if (dims.length == 2) {
            return y;
        }
        long[] outDims = dims.clone();
        outDims[outDims.length - 1] = out;
        return Shapes.reshape(tf, y, outDims);
    }
}
