package dev.tav.tensorflow.unet;

import dev.tav.tensorflow.nn.Conv2d;
import dev.tav.tensorflow.nn.ResnetBlock;
import dev.tav.tensorflow.runtime.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code DownBlock2D} / {@code CrossAttnDownBlock2D} (and their 3D twins): ResNets, each followed by a transformer in
 * the cross-attention variant, then an optional stride-2 down-sampling convolution. Every output is pushed as a
 * skip connection.
 */
final class DownBlock {
    private final List<ResnetBlock> resnets = new ArrayList<>();
    private final List<SpatialTransformer> attentions = new ArrayList<>();
    private final Conv2d downsampler;

    DownBlock(ParameterStore params, String prefix, long in, long out, int layers, boolean crossAttention, int heads,
            boolean downsample, int padding, BlockSettings s) {
        for (int j = 0; j < layers; j++) {
            resnets.add(new ResnetBlock(params, prefix + ".resnets." + j, j == 0 ? in : out, out, s.timeWidth(),
                    s.groups(), s.eps(), 1));
            if (crossAttention) {
                attentions.add(new SpatialTransformer(params, prefix + ".attentions." + j, out, heads, s));
            }
        }
        // diffusers' Downsample2D pads right/bottom by one when its padding is 0
        downsampler = !downsample ? null : padding == 0
                ? new Conv2d(params, prefix + ".downsamplers.0.conv", out, out, 3, 2, 0, 1, 0, 1)
                : new Conv2d(params, prefix + ".downsamplers.0.conv", out, out, 3, 2, padding, padding, padding, padding);
    }

    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> time, Operand<TFloat32> text,
            FrameLayout layout, List<Operand<TFloat32>> skips) {
        for (int j = 0; j < resnets.size(); j++) {
            x = resnets.get(j).apply(tf, x, time, layout.imagesPerStatistic());
            if (!attentions.isEmpty()) {
                x = attentions.get(j).apply(tf, x, text, layout);
            }
            skips.add(x);
        }
        if (downsampler != null) {
            x = downsampler.apply(tf, x);
            skips.add(x);
        }
        return x;
    }
}
