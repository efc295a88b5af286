package dev.tav.tensorflow.unet;

import dev.tav.tensorflow.nn.GroupNorm;
import dev.tav.tensorflow.nn.Linear;
import dev.tav.tensorflow.nn.Shapes;
import dev.tav.tensorflow.runtime.ParameterStore;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * diffusers' {@code Transformer2DModel} with one block: per-image GroupNorm (eps 1e-6), {@code proj_in} (a 1×1
 * convolution or, with linear projection, a Linear: the same map on channels-last tokens), the block,
 * {@code proj_out}, and the residual.
 */
final class SpatialTransformer {
    private final GroupNorm norm;
    private final Linear projIn;
    private final TransformerBlock block;
    private final Linear projOut;

    SpatialTransformer(ParameterStore params, String prefix, long width, int heads, BlockSettings s) {
        norm = new GroupNorm(params, prefix + ".norm", s.groups(), width, 1e-6);
        projIn = projection(params, prefix + ".proj_in", width, s.linearProjection());
        block = new TransformerBlock(params, prefix + ".transformer_blocks.0", width, s.textWidth(), heads,
                s.temporal());
        projOut = projection(params, prefix + ".proj_out", width, s.linearProjection());
    }

    private static Linear projection(ParameterStore params, String prefix, long width, boolean linear) {
        return linear ? new Linear(params, prefix, width, width, true) : Linear.pointwiseConv(params, prefix, width,
                width);
    }

    /**
     * @param tf ops
     * @param x {@code [B·F, H, W, C]}
     * @param text {@code [B·F, T, D]}
     * @param layout the batch organisation
     * @return {@code [B·F, H, W, C]}
     */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> text, FrameLayout layout) {
        long[] d = Shapes.dims(x);
        Operand<TFloat32> tokens = Shapes.reshape(tf, norm.apply(tf, x, 1), d[0], d[1] * d[2], d[3]);
        tokens = projOut.apply(tf, block.apply(tf, projIn.apply(tf, tokens), text, layout));
        return tf.math.add(x, Shapes.reshape(tf, tokens, d));
    }
}
