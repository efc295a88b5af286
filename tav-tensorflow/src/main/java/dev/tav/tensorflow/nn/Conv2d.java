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
 * <p>Where oneDNN's convolution is slow, the same sum is computed in another order as matrix products (see
 * {@link Method} for the rules and docs/performance.md for the measurements): oneDNN reorders a variable filter on
 * every run (at 4×4×1280 that costs seven times the product itself), and runs convolutions of very few input
 * channels (the U-Net's {@code conv_in}) at a few GFLOP/s.
 */
public final class Conv2d {
    /** Largest output area (H·W) whose patches are gathered by a selection matrix. */
    static final long SELECTION_MAX_PIXELS = 64;
    /** Largest {@code k·k·in} (patch length) for which the patches are always sliced out. */
    static final long THIN_PATCH = 64;
    /** Largest number of output rows (N·H·W) for which a wide filter's patches are sliced out. */
    static final long WIDE_FILTER_MAX_ROWS = 512;
    /** Smallest {@code in·out} counted as a wide filter. */
    static final long WIDE_FILTER = 1024 * 1024;

    /** How a convolution is computed; every method gives the convolution's sum (in another order). */
    enum Method {
        /** TensorFlow's (oneDNN's) convolution. */
        CONVOLUTION,
        /**
         * im2col with the patches gathered by a constant 0/1 selection matrix (any stride): both the product and its
         * gradient are plain matrix products. For outputs of at most {@value #SELECTION_MAX_PIXELS} pixels, where
         * the matrix stays small and oneDNN's filter reorder costs most.
         */
        SELECTED_PATCHES,
        /**
         * im2col (stride 1) with the patches sliced out of the padded input, by rows and then by columns so that no
         * tensor has more than {@code k} consumers: for patches of at most {@value #THIN_PATCH} values, and for wide
         * filters ({@code in·out >=} {@value #WIDE_FILTER}) on at most {@value #WIDE_FILTER_MAX_ROWS} output rows,
         * where the filter reorder still dominates. A 1×1 filter's patches are its input: a plain matrix product
         * (the U-Net's deep 2560→1280 shortcuts: oneDNN's filter reorder took as long as the convolution).
         */
        SLICED_PATCHES
    }

    private final long in;
    private final long out;
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
        this.out = out;
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
        int outH = (int) ((d[1] + padding[0] + padding[1] - kernel) / stride + 1);
        int outW = (int) ((d[2] + padding[2] + padding[3] - kernel) / stride + 1);
        Operand<TFloat32> y = switch (method(d[0], outH, outW)) {
            case SELECTED_PATCHES -> patchProduct(tf, selectedPatches(tf, x, d, outH, outW), d[0], outH, outW);
            case SLICED_PATCHES -> patchProduct(tf, slicedPatches(tf, pad(tf, x), d[0], outH, outW), d[0], outH, outW);
            case CONVOLUTION -> tf.nn.conv2d(pad(tf, x), weight, List.of(1L, (long) stride, (long) stride, 1L),
                    "VALID");
        };
        return tf.nn.biasAdd(y, bias);
    }

    /**
     * @param n images
     * @param outH output height
     * @param outW output width
     * @return how this layer computes an output of that size
     */
    Method method(long n, long outH, long outW) {
        if (kernel > 1 && outH * outW <= SELECTION_MAX_PIXELS) {
            return Method.SELECTED_PATCHES;
        }
        boolean thin = in * kernel * kernel <= THIN_PATCH;
        boolean wide = in * out >= WIDE_FILTER && n * outH * outW <= WIDE_FILTER_MAX_ROWS;
        if (stride == 1 && kernel <= Shapes.MAX_CONCAT_PARTS && (thin && kernel > 1 || wide)) {
            return Method.SLICED_PATCHES;
        }
        return Method.CONVOLUTION;
    }

    private Operand<TFloat32> pad(Ops tf, Operand<TFloat32> x) {
        if (padding[0] + padding[1] + padding[2] + padding[3] == 0) {
            return x;
        }
        return tf.pad(x, tf.constant(new int[][] {{0, 0}, {padding[0], padding[1]}, {padding[2], padding[3]}, {0, 0}}),
                tf.constant(0f));
    }

    /** @return {@code patches [N, outH·outW·k·k, in]} (rows by output pixel, then tap) times the flattened filter */
    private Operand<TFloat32> patchProduct(Ops tf, Operand<TFloat32> patches, long n, int outH, int outW) {
        long taps = (long) kernel * kernel;
        Operand<TFloat32> product = tf.linalg.matMul(Shapes.reshape(tf, patches, n * outH * outW, taps * in),
                Shapes.reshape(tf, weight, taps * in, out));
        return Shapes.reshape(tf, product, n, outH, outW, out);
    }

    /**
     * Gathers the patches with a constant 0/1 selection matrix {@code S [outH·outW·k·k, H·W]} (rows ordered by output
     * pixel, then tap; zero rows where a tap falls into the padding), so that {@code S · x} is already the patch
     * matrix of every image. Both this product and its gradient are plain matrix products. (Slicing the padded input
     * nine times instead would give it nine consumers, whose gradients TensorFlow sums in the order its edge set
     * iterates, which beyond eight edges depends on addresses: a resumed tuning run would not end where an
     * uninterrupted one does.)
     */
    private Operand<TFloat32> selectedPatches(Ops tf, Operand<TFloat32> x, long[] d, int outH, int outW) {
        int h = (int) d[1];
        int w = (int) d[2];
        float[][] select = new float[outH * outW * kernel * kernel][h * w];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                for (int dy = 0; dy < kernel; dy++) {
                    for (int dx = 0; dx < kernel; dx++) {
                        int iy = oy * stride + dy - padding[0];
                        int ix = ox * stride + dx - padding[2];
                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                            select[((oy * outW + ox) * kernel + dy) * kernel + dx][iy * w + ix] = 1f;
                        }
                    }
                }
            }
        }
        // each pixel's taps are contiguous in the order (dy, dx, c): the row order of the HWIO filter flattened
        return MatrixProducts.batched(tf, tf.constant(select), Shapes.reshape(tf, x, d[0], (long) h * w, in), false);
    }

    /**
     * Slices the stride-1 patches out of the padded input: {@code k} row bands, each cut into {@code k} column
     * shifts, concatenated on the channel axis in the order (dy, dx, c). Every tensor has at most {@code k}
     * consumers, so gradients are summed in a fixed order.
     */
    private Operand<TFloat32> slicedPatches(Ops tf, Operand<TFloat32> padded, long n, int outH, int outW) {
        long paddedW = Shapes.dim(padded, 2);
        List<Operand<TFloat32>> rows = new ArrayList<>(kernel);
        for (int dy = 0; dy < kernel; dy++) {
            // int32 begin and size: the gradient of an int64 Slice fails to build
            Operand<TFloat32> band = tf.slice(padded, tf.constant(new int[] {0, dy, 0, 0}),
                    tf.constant(new int[] {(int) n, outH, (int) paddedW, (int) in}));
            List<Operand<TFloat32>> taps = new ArrayList<>(kernel);
            for (int dx = 0; dx < kernel; dx++) {
                taps.add(tf.slice(band, tf.constant(new int[] {0, 0, dx, 0}),
                        tf.constant(new int[] {(int) n, outH, outW, (int) in})));
            }
            rows.add(Shapes.concat(tf, taps, 3));
        }
        return Shapes.concat(tf, rows, 3);
    }
}
