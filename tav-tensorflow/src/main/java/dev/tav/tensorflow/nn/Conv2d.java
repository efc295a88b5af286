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
        long[] d = Shapes.dims(x);
        if (d[3] != in) {
            throw new IllegalStateException("convolution expects " + in + " channels, got " + x.shape());
        }
        long outH = (d[1] + padding[0] + padding[1] - kernel) / stride + 1;
        long outW = (d[2] + padding[2] + padding[3] - kernel) / stride + 1;
        Operand<TFloat32> y;
        if (stride == 1 && kernel > 1 && outH * outW <= IM2COL_MAX_PIXELS) {
            y = im2col(tf, x, d, (int) outH, (int) outW);
        } else {
            Operand<TFloat32> padded = x;
            if (padding[0] + padding[1] + padding[2] + padding[3] > 0) {
                padded = tf.pad(x, tf.constant(new int[][] {{0, 0}, {padding[0], padding[1]},
                        {padding[2], padding[3]}, {0, 0}}), tf.constant(0f));
            }
            y = tf.nn.conv2d(padded, weight, List.of(1L, (long) stride, (long) stride, 1L), "VALID");
        }
        return tf.nn.biasAdd(y, bias);
    }

    /**
     * Gathers the patches with a constant 0/1 selection matrix {@code S [outH·outW·k·k, H·W]} (rows ordered by output
     * pixel, then tap; zero rows where a tap falls into the padding), so that {@code S · x} is already the patch
     * matrix of every image. Both this product and its gradient are plain matrix products. Slicing the padded input
     * instead gives the input nine consumers whose gradients TensorFlow sums in the order its edge set iterates, which
     * beyond eight edges depends on addresses: the last bits then differed from one graph to the next, and a resumed
     * tuning run no longer ended where an uninterrupted one did.
     */
    private Operand<TFloat32> im2col(Ops tf, Operand<TFloat32> x, long[] d, int outH, int outW) {
        int h = (int) d[1];
        int w = (int) d[2];
        int taps = kernel * kernel;
        float[][] select = new float[outH * outW * taps][h * w];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int dy = 0; dy < kernel; dy++) {
                    for (int dx = 0; dx < kernel; dx++) {
                        int iy = oy + dy - padding[0];
                        int ix = ox + dx - padding[2];
                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                            select[((oy * outW + ox) * kernel + dy) * kernel + dx][iy * w + ix] = 1f;
                        }
                    }
                }
            }
        }
        // [N, outH·outW·k·k, in]: row (pixel, tap), so each pixel's taps are contiguous in the order (dy, dx, c),
        // the row order of the HWIO filter [k, k, in, out] flattened
        Operand<TFloat32> gathered = tf.train.batchMatMul(tf.constant(select),
                Shapes.reshape(tf, x, d[0], (long) h * w, in), TFloat32.class);
        long out = Shapes.dim(weight, -1);
        Operand<TFloat32> product = tf.linalg.matMul(
                Shapes.reshape(tf, gathered, d[0] * outH * outW, (long) taps * in),
                Shapes.reshape(tf, weight, (long) taps * in, out));
        return Shapes.reshape(tf, product, d[0], outH, outW, out);
    }
}
