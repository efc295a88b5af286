package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch {@code nn.Conv2d} (square kernel, with bias) on NHWC data. Padding is an explicit {@code pad} followed by a
 * {@code VALID} convolution: identical to PyTorch's symmetric padding, and differentiable (TensorFlow's
 * {@code EXPLICIT} padding has no gradient, and {@code SAME} with stride 2 pads differently from PyTorch).
 *
 * <p>Stride-1 convolutions with small outputs (at most {@value #IM2COL_MAX_PIXELS} pixels, the deepest U-Net
 * levels) are computed as im2col + one matrix product: the kernel's shifted slices of the padded input are
 * concatenated on the channel axis and multiplied by the filter flattened to {@code [k·k·in, out]}. It computes the
 * same sum in another order; it exists because oneDNN reorders a variable filter on every run of a convolution, which
 * at 4×4×1280 costs seven times the product itself (measured, see docs/performance.md).
 */
public final class Conv2d {
    /** Largest output area (H·W) computed as im2col + matrix product. */
    static final long IM2COL_MAX_PIXELS = 64;

    private final long in;
    private final int kernel;
    private final int stride;
    private final int[] padding;
    private final Operand<TFloat32> weight;
    private final Operand<TFloat32> bias;

    /**
     * Declares {@code prefix.weight} and {@code prefix.bias}.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param in input channels
     * @param out output channels
     * @param kernel the kernel size
     * @param stride the stride
     * @param padding zero padding {top, bottom, left, right}
     */
    public Conv2d(ParameterStore params, String prefix, long in, long out, int kernel, int stride, int... padding) {
        if (padding.length != 4) {
            throw new IllegalArgumentException("padding needs 4 values");
        }
        this.in = in;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding.clone();
        this.weight = params.conv(prefix + ".weight", out, in, kernel);
        this.bias = params.bias(prefix + ".bias", out, in * kernel * kernel);
    }

    /**
     * A stride-1 convolution with PyTorch {@code padding = kernel / 2} (same size out).
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param in input channels
     * @param out output channels
     * @param kernel an odd kernel size
     * @return the layer
     */
    public static Conv2d same(ParameterStore params, String prefix, long in, long out, int kernel) {
        int p = kernel / 2;
        return new Conv2d(params, prefix, in, out, kernel, 1, p, p, p, p);
    }

    /**
     * @param tf ops
     * @param x {@code [N, H, W, in]}
     * @return {@code [N, H', W', out]}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        if (Shapes.dim(x, -1) != in) {
            throw new IllegalStateException("convolution expects " + in + " channels, got " + x.shape());
        }
        Operand<TFloat32> padded = x;
        if (padding[0] + padding[1] + padding[2] + padding[3] > 0) {
            padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {padding[0], padding[1]}, {padding[2], padding[3]},
                    {0, 0}}), tf.constant(0f));
        }
        long[] d = Shapes.dims(padded);
        long outH = (d[1] - kernel) / stride + 1;
        long outW = (d[2] - kernel) / stride + 1;
        Operand<TFloat32> y = stride == 1 && kernel > 1 && outH * outW <= IM2COL_MAX_PIXELS
                ? im2col(tf, padded, d[0], outH, outW)
                : tf.nn.conv2d(padded, weight, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        return tf.nn.biasAdd(y, bias);
    }

    private Operand<TFloat32> im2col(Ops tf, Operand<TFloat32> padded, long n, long outH, long outW) {
        List<Operand<TFloat32>> shifted = new ArrayList<>(kernel * kernel);
        for (int dy = 0; dy < kernel; dy++) {
            for (int dx = 0; dx < kernel; dx++) {
                // int32 begin/size: the gradient of Slice is only defined for int32 indexes
                shifted.add(tf.slice(padded, tf.constant(new int[] {0, dy, dx, 0}),
                        tf.constant(new int[] {(int) n, (int) outH, (int) outW, (int) in})));
            }
        }
        // the filter is [k, k, in, out] in TensorFlow layout: flattening it orders rows as (dy, dx, channel),
        // the order of the concatenation above
        long out = Shapes.dim(weight, -1);
        Operand<TFloat32> patches = Shapes.reshape(tf, Shapes.concat(tf, shifted, 3),
                n * outH * outW, (long) kernel * kernel * in);
        Operand<TFloat32> product = tf.linalg.matMul(patches,
                Shapes.reshape(tf, weight, (long) kernel * kernel * in, out));
        return Shapes.reshape(tf, product, n, outH, outW, out);
    }
}
