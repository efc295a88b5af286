package dev.tav.tensorflow.unet;

import dev.tav.tensorflow.nn.ResnetBlock;
import dev.tav.tensorflow.runtime.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** {@code UNetMidBlock2DCrossAttn} (or 3D): ResNet, transformer, ResNet, with {@code mid_block_scale_factor}. */
final class MidBlock {
    private final ResnetBlock first;
    private final SpatialTransformer attention;
    private final ResnetBlock second;

    MidBlock(ParameterStore params, String prefix, long width, int heads, double outputScale, BlockSettings s) {
        first = new ResnetBlock(params, prefix + ".resnets.0", width, width, s.timeWidth(), s.groups(), s.eps(),
                outputScale);
        attention = new SpatialTransformer(params, prefix + ".attentions.0", width, heads, s);
        second = new ResnetBlock(params, prefix + ".resnets.1", width, width, s.timeWidth(), s.groups(), s.eps(),
                outputScale);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> time, Operand<TFloat32> text,
            FrameLayout layout) {
        x = first.apply(tf, x, time, layout.imagesPerStatistic());
        x = attention.apply(tf, x, text, layout);
        return second.apply(tf, x, time, layout.imagesPerStatistic());
    }
}
