package dev.tav.tensorflow.nn;

import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Kind;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * PyTorch {@code nn.GroupNorm} with affine parameters on NHWC data. Statistics may be pooled over several
 * consecutive images of the batch: Tune-A-Video applies its ResNet GroupNorms to the 5-D video tensor, so the
 * statistics of one video cover all its frames.
 */
public final class GroupNorm {
    private final int groups;
    private final long channels;
    private final float eps;
    private final Operand<TFloat32> gamma;
    private final Operand<TFloat32> beta;

    /**
     * Declares {@code prefix.weight} and {@code prefix.bias}.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param groups the number of groups, dividing {@code channels}
     * @param channels the channels
     * @param eps the variance epsilon
     */
    public GroupNorm(ParameterStore params, String prefix, int groups, long channels, double eps) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide " + channels + " channels");
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = (float) eps;
        this.gamma = params.norm(prefix + ".weight", Kind.NORM_SCALE, channels);
        this.beta = params.norm(prefix + ".bias", Kind.NORM_SHIFT, channels);
    }

    /**
     * The mean of each group, in two reductions: over the rows of each statistic first (the middle axis of
     * {@code [statistics, rows, channels]}, which TensorFlow vectorises along the channels; reducing both axes of
     * {@code [statistics, rows, groups, perGroup]} at once was up to 2× slower at the U-Net's sizes), then over each
     * group's channels.
     *
     * @return {@code [statistics, 1, groups, 1]}
     */
    private Operand<TFloat32> groupMean(Ops tf, Operand<TFloat32> x, long statistics, long rows, long perGroup) {
        Operand<TFloat32> perChannel = tf.math.mean(Shapes.reshape(tf, x, statistics, rows, channels),
                tf.constant(1), Mean.keepDims(true));
        return tf.math.mean(Shapes.reshape(tf, perChannel, statistics, 1, groups, perGroup), tf.constant(3),
                Mean.keepDims(true));
    }

    /**
     * @param tf ops
     * @param x {@code [N, H, W, C]}
     * @param imagesPerStatistic how many consecutive images share statistics (1: per image; {@code F}: per video)
     * @return the normalised tensor, same shape
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, int imagesPerStatistic) {
        long[] d = Shapes.dims(x);
        if (d[3] != channels || d[0] % imagesPerStatistic != 0) {
            throw new IllegalStateException("group norm over " + channels + " channels got " + x.shape());
        }
        long perGroup = channels / groups;
        long statistics = d[0] / imagesPerStatistic;
        long rows = imagesPerStatistic * d[1] * d[2];
        Operand<TFloat32> grouped = Shapes.reshape(tf, x, statistics, rows, groups, perGroup);
        // The affine parameters are folded into one scale and shift per (statistic, channel), so the full-size
        // tensor is touched by one multiply and one add after the statistics instead of four passes.
        Operand<TFloat32> mean = groupMean(tf, x, statistics, rows, perGroup);
        Operand<TFloat32> variance = groupMean(tf, tf.math.squaredDifference(grouped, mean), statistics, rows,
                perGroup);
        Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(eps))),
                Shapes.reshape(tf, gamma, 1, 1, groups, perGroup));
        Operand<TFloat32> shift = tf.math.sub(Shapes.reshape(tf, beta, 1, 1, groups, perGroup),
                tf.math.mul(mean, scale));
        return Shapes.reshape(tf, tf.math.add(tf.math.mul(grouped, scale), shift), d);
    }
}
