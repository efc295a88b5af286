package dev.tav.tensorflow.unet;

import dev.tav.tensorflow.nn.Geglu;
import dev.tav.tensorflow.nn.LayerNorm;
import dev.tav.tensorflow.nn.Linear;
import dev.tav.tensorflow.nn.Shapes;
import dev.tav.tensorflow.runtime.Initializers;
import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Initializer;
import dev.tav.tensorflow.runtime.ParameterStore.Kind;
import dev.tav.tensorflow.runtime.ParameterStore.Layout;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * diffusers' {@code BasicTransformerBlock} (LayerNorm eps 1e-5): {@code x += attn1(norm1(x))} over the frames the
 * layout's attention pattern selects; {@code x += attn2(norm2(x), text)}; {@code x += ff(norm3(x))} with a GEGLU
 * feed-forward; and for Tune-A-Video {@code x += attn_temp(norm_temp(x))} across the frames at each position.
 */
final class TransformerBlock {
    private static final double EPS = 1e-5;

    private final LayerNorm norm1;
    private final Attention attn1;
    private final LayerNorm norm2;
    private final Attention attn2;
    private final LayerNorm norm3;
    private final Geglu geglu;
    private final Linear ffOut;
    private final LayerNorm normTemp;
    private final Attention attnTemp;
    private final long width;

    TransformerBlock(ParameterStore params, String prefix, long width, long textWidth, int heads,
            TemporalLayers temporal) {
        this.width = width;
        norm1 = new LayerNorm(params, prefix + ".norm1", width, EPS);
        attn1 = new Attention(params, prefix + ".attn1", width, width, heads);
        norm2 = new LayerNorm(params, prefix + ".norm2", width, EPS);
        attn2 = new Attention(params, prefix + ".attn2", width, textWidth, heads);
        norm3 = new LayerNorm(params, prefix + ".norm3", width, EPS);
        geglu = new Geglu(params, prefix + ".ff.net.0", width, 4 * width);
        ffOut = new Linear(params, prefix + ".ff.net.2", 4 * width, width, true);
        if (temporal.enabled()) {
            // Each temporal group is fresh when the source lacks it: a 2D checkpoint lacks both; a tuned overlay
            // on a 2D base holds the tuned attn_temp but not the frozen (identity) norm_temp.
            boolean fresh = !params.sourceHas(prefix + ".attn_temp.to_q.weight");
            boolean freshNorm = !params.sourceHas(prefix + ".norm_temp.weight");
            Initializer defaults = Initializers.byKind(temporal.seed());
            normTemp = new LayerNorm(
                    params.declare(List.of(prefix + ".norm_temp.weight"), new long[] {width}, Layout.AS_IS,
                            Kind.NORM_SCALE, 0, freshNorm ? defaults : null),
                    params.declare(List.of(prefix + ".norm_temp.bias"), new long[] {width}, Layout.AS_IS,
                            Kind.NORM_SHIFT, 0, freshNorm ? defaults : null),
                    EPS, params.forwardOnly());
            // the reference zero-initialises the temporal output projection, so a fresh inflated model equals the
            // 2D one
            attnTemp = new Attention(params, prefix + ".attn_temp", width, width, heads, fresh ? defaults : null,
                    fresh ? Initializers.constant(0) : null);
        } else {
            normTemp = null;
            attnTemp = null;
        }
    }

    /**
     * @param tf ops
     * @param x {@code [B·F, S, width]}
     * @param text {@code [B·F, T, textWidth]}
     * @param layout the batch organisation
     * @return {@code [B·F, S, width]}
     */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> text, FrameLayout layout) {
        x = tf.math.add(x, attn1.selfAttention(tf, norm1.apply(tf, x), layout));
        x = tf.math.add(x, attn2.apply(tf, norm2.apply(tf, x), text, layout.queryChunk()));
        x = tf.math.add(x, ffOut.apply(tf, geglu.apply(tf, norm3.apply(tf, x))));
        return attnTemp == null ? x : temporal(tf, x, layout);
    }

    /** {@code (b f) d c -> (b d) f c}, {@code x += attn_temp(norm_temp(x))}, and back. */
    private Operand<TFloat32> temporal(Ops tf, Operand<TFloat32> x, FrameLayout layout) {
        long tokens = Shapes.dim(x, 1);
        long videos = layout.videos();
        long frames = layout.frames();
        Operand<TFloat32> seq = Shapes.reshape(tf,
                Shapes.transpose(tf, Shapes.reshape(tf, x, videos, frames, tokens, width), 0, 2, 1, 3),
                videos * tokens, frames, width);
        Operand<TFloat32> n = normTemp.apply(tf, seq);
        seq = tf.math.add(seq, attnTemp.apply(tf, n, n, 0));
        return Shapes.reshape(tf,
                Shapes.transpose(tf, Shapes.reshape(tf, seq, videos, tokens, frames, width), 0, 2, 1, 3),
                videos * frames, tokens, width);
    }
}
