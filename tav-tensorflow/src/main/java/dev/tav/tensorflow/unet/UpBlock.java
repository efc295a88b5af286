package dev.tav.tensorflow.unet;

import dev.tav.tensorflow.nn.ResnetBlock;
import dev.tav.tensorflow.nn.Upsample;
import dev.tav.tensorflow.runtime.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code UpBlock2D} / {@code CrossAttnUpBlock2D} (and their 3D twins): before each ResNet the last skip connection is
 * popped and concatenated on the channel axis; a transformer follows each ResNet in the cross-attention variant;
 * then an optional nearest ×2 up-sampling with a convolution.
 */
final class UpBlock {
    private final List<ResnetBlock> resnets = new ArrayList<>();
    private final List<SpatialTransformer> attentions = new ArrayList<>();
    private final Upsample upsampler;

    UpBlock(ParameterStore params, String prefix, long in, long prevOut, long out, int layers, boolean crossAttention,
            int heads, boolean upsample, BlockSettings s) {
        for (int j = 0; j < layers; j++) {
            long skip = j == layers - 1 ? in : out;
            long resnetIn = j == 0 ? prevOut : out;
            resnets.add(new ResnetBlock(params, prefix + ".resnets." + j, resnetIn + skip, out, s.timeWidth(),
                    s.groups(), s.eps(), 1));
            if (crossAttention) {
                attentions.add(new SpatialTransformer(params, prefix + ".attentions." + j, out, heads, s));
            }
        }
        upsampler = upsample ? new Upsample(params, prefix + ".upsamplers.0", out) : null;
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> time, Operand<TFloat32> text,
            FrameLayout layout, List<Operand<TFloat32>> skips) {
        for (int j = 0; j < resnets.size(); j++) {
            Operand<TFloat32> skip = skips.remove(skips.size() - 1);
            x = tf.concat(List.of(x, skip), tf.constant(3));
            x = resnets.get(j).apply(tf, x, time, layout.imagesPerStatistic());
            if (!attentions.isEmpty()) {
                x = attentions.get(j).apply(tf, x, text, layout);
            }
        }
        return upsampler == null ? x : upsampler.apply(tf, x);
    }
}
