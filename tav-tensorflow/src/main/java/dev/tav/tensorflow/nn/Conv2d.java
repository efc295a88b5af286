package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.ParameterStore;
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
 * levels) are computed as im2col + one matrix product: the kernel's patches of the padded input, gathered into rows
 * of {@code k·k·in} values, are multiplied by the filter flattened to {@code [k·k·in, out]}. It computes the
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
        this.bias = params.tensor(prefix + ".bias", out);
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

    /**
     * The patches are gathered by one {@code GatherV2} from the padded input flattened to rows of pixels, so the
     * input gradient is one segment sum, which TensorFlow computes in a fixed order. (Taking the patches as
     * {@code kernel²} slices instead makes the input gradient an {@code AddN} of that many terms, whose summation
     * order depends on which input buffer TensorFlow happens to reuse: results then vary in the last bits from run
     * to run, and a resumed tuning run no longer ends with the weights of an uninterrupted one.)
     */
    private Operand<TFloat32> im2col(Ops tf, Operand<TFloat32> padded, long n, long outH, long outW) {
        long[] d = Shapes.dims(padded);
        long taps = (long) kernel * kernel;
        // row (b, oy, ox, dy, dx) of the patches is pixel (b, oy + dy, ox + dx) of the padded input; rows of one
        // output pixel, taken as one row of taps·in values, are ordered (dy, dx, channel) like the flattened
        // [k, k, in, out] filter
        int[] rows = new int[Math.toIntExact(n * outH * outW * taps)];
        int r = 0;
        for (long b = 0; b < n; b++) {
            for (long oy = 0; oy < outH; oy++) {
                for (long ox = 0; ox < outW; ox++) {
                    for (int dy = 0; dy < kernel; dy++) {
                        for (int dx = 0; dx < kernel; dx++) {
                            rows[r++] = Math.toIntExact((b * d[1] + oy + dy) * d[2] + ox + dx);
                        }
                    }
                }
            }
        }
        Operand<TFloat32> pixels = Shapes.reshape(tf, padded, n * d[1] * d[2], in);
        Operand<TFloat32> patches = Shapes.reshape(tf, tf.gather(pixels, tf.constant(rows), tf.constant(0)),
                n * outH * outW, taps * in);
        long out = Shapes.dim(weight, -1);
        Operand<TFloat32> product = tf.linalg.matMul(patches, Shapes.reshape(tf, weight, taps * in, out));
        return Shapes.reshape(tf, product, n, outH, outW, out);
    }
}
