package dev.tav.tensorflow.vae;

import dev.tav.model.VaeConfig;
import dev.tav.tensorflow.nn.Activations;
import dev.tav.tensorflow.nn.Conv2d;
import dev.tav.tensorflow.nn.GroupNorm;
import dev.tav.tensorflow.nn.ResnetBlock;
import dev.tav.tensorflow.nn.Shapes;
import dev.tav.tensorflow.nn.Upsample;
import dev.tav.tensorflow.runtime.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Split;
import org.tensorflow.types.TFloat32;

/**
 * The {@code AutoencoderKL} networks (diffusers names, NHWC inside): the encoder with {@code quant_conv} giving the
 * posterior moments, and {@code post_quant_conv} with the decoder. Every GroupNorm uses eps 1e-6; encoder
 * down-sampling pads right and bottom by one and convolves 3×3 with stride 2 and no padding.
 */
final class VaeNetwork {
    static final double EPS = 1e-6;

    private final VaeConfig config;
    private final Conv2d encoderIn;
    private final List<List<ResnetBlock>> encoderBlocks = new ArrayList<>();
    private final List<Conv2d> downsamplers = new ArrayList<>();
    private final VaeMidBlock encoderMid;
    private final GroupNorm encoderNormOut;
    private final Conv2d encoderOut;
    private final Conv2d quantConv;
    private final Conv2d postQuantConv;
    private final Conv2d decoderIn;
    private final VaeMidBlock decoderMid;
    private final List<List<ResnetBlock>> decoderBlocks = new ArrayList<>();
    private final List<Upsample> upsamplers = new ArrayList<>();
    private final GroupNorm decoderNormOut;
    private final Conv2d decoderOut;

    VaeNetwork(ParameterStore params, VaeConfig config, int queryChunk) {
        this.config = config;
        List<Integer> ch = config.blockOutChannels();
        int levels = ch.size();
        int groups = config.normNumGroups();
        long latent = config.latentChannels();

        encoderIn = Conv2d.same(params, "encoder.conv_in", config.inChannels(), ch.get(0), 3);
        long width = ch.get(0);
        for (int i = 0; i < levels; i++) {
            List<ResnetBlock> blocks = new ArrayList<>();
            for (int j = 0; j < config.layersPerBlock(); j++) {
                blocks.add(new ResnetBlock(params, "encoder.down_blocks." + i + ".resnets." + j, j == 0 ? width
                        : ch.get(i), ch.get(i), 0, groups, EPS, 1));
            }
            width = ch.get(i);
            encoderBlocks.add(blocks);
            if (i < levels - 1) {
                downsamplers.add(new Conv2d(params, "encoder.down_blocks." + i + ".downsamplers.0.conv", width, width,
                        3, 2, 0, 1, 0, 1));
            }
        }
        long top = ch.get(levels - 1);
        encoderMid = new VaeMidBlock(params, "encoder.mid_block", top, groups, queryChunk);
        encoderNormOut = new GroupNorm(params, "encoder.conv_norm_out", groups, top, EPS);
        encoderOut = Conv2d.same(params, "encoder.conv_out", top, 2 * latent, 3);
        quantConv = new Conv2d(params, "quant_conv", 2 * latent, 2 * latent, 1, 1, 0, 0, 0, 0);

        postQuantConv = new Conv2d(params, "post_quant_conv", latent, latent, 1, 1, 0, 0, 0, 0);
        decoderIn = Conv2d.same(params, "decoder.conv_in", latent, top, 3);
        decoderMid = new VaeMidBlock(params, "decoder.mid_block", top, groups, queryChunk);
        width = top;
        for (int i = 0; i < levels; i++) {
            long out = ch.get(levels - 1 - i);
            List<ResnetBlock> blocks = new ArrayList<>();
            for (int j = 0; j <= config.layersPerBlock(); j++) {
                blocks.add(new ResnetBlock(params, "decoder.up_blocks." + i + ".resnets." + j, j == 0 ? width : out,
                        out, 0, groups, EPS, 1));
            }
            width = out;
            decoderBlocks.add(blocks);
            if (i < levels - 1) {
                upsamplers.add(new Upsample(params, "decoder.up_blocks." + i + ".upsamplers.0", out));
            }
        }
        decoderNormOut = new GroupNorm(params, "decoder.conv_norm_out", groups, ch.get(0), EPS);
        decoderOut = Conv2d.same(params, "decoder.conv_out", ch.get(0), config.outChannels(), 3);
    }

    /**
     * @param tf ops
     * @param images NCHW images
     * @return the NCHW posterior mean and the NCHW log-variance clamped to [-30, 20]
     */
    List<Operand<TFloat32>> encode(Ops tf, Operand<TFloat32> images) {
        Operand<TFloat32> x = encoderIn.apply(tf, Shapes.transpose(tf, images, 0, 2, 3, 1));
        for (int i = 0; i < encoderBlocks.size(); i++) {
            for (ResnetBlock block : encoderBlocks.get(i)) {
                x = block.apply(tf, x, null, 1);
            }
            if (i < downsamplers.size()) {
                x = downsamplers.get(i).apply(tf, x);
            }
        }
        x = encoderMid.apply(tf, x);
        x = encoderOut.apply(tf, Activations.silu(tf, encoderNormOut.apply(tf, x, 1)));
        Operand<TFloat32> moments = Shapes.transpose(tf, quantConv.apply(tf, x), 0, 3, 1, 2);
        // Split, not Slice with int64 indexes: the latter has no usable gradient (training back-propagates here)
        Split<TFloat32> halves = tf.split(tf.constant(1), moments, 2L);
        Operand<TFloat32> mean = halves.output().get(0);
        Operand<TFloat32> logvar = tf.clipByValue(halves.output().get(1), tf.constant(-30f), tf.constant(20f));
        return List.of(mean, logvar);
    }

    /**
     * @param tf ops
     * @param latents NCHW unscaled latents
     * @return NCHW images
     */
    Operand<TFloat32> decode(Ops tf, Operand<TFloat32> latents) {
        Operand<TFloat32> x = postQuantConv.apply(tf, Shapes.transpose(tf, latents, 0, 2, 3, 1));
        x = decoderMid.apply(tf, decoderIn.apply(tf, x));
        for (int i = 0; i < decoderBlocks.size(); i++) {
            for (ResnetBlock block : decoderBlocks.get(i)) {
                x = block.apply(tf, x, null, 1);
            }
            if (i < upsamplers.size()) {
                x = upsamplers.get(i).apply(tf, x);
            }
        }
        x = decoderOut.apply(tf, Activations.silu(tf, decoderNormOut.apply(tf, x, 1)));
        return Shapes.transpose(tf, x, 0, 3, 1, 2);
    }
}
