package dev.tav.tensorflow.clip;

import dev.tav.model.TextEncoderConfig;
import dev.tav.tensorflow.nn.Activations;
import dev.tav.tensorflow.nn.LayerNorm;
import dev.tav.tensorflow.nn.Linear;
import dev.tav.tensorflow.nn.ScaledDotProductAttention;
import dev.tav.tensorflow.nn.Shapes;
import dev.tav.tensorflow.runtime.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The CLIP text transformer ({@code CLIPTextModel} semantics, parameters {@code text_model.…}): token plus position
 * embeddings, pre-LayerNorm layers with causal self-attention and an MLP ({@code quick_gelu} or exact {@code gelu}),
 * and a final LayerNorm.
 */
final class ClipTextTransformer {
    private static final String PREFIX = "text_model.";

    private final TextEncoderConfig config;
    private final Operand<TFloat32> tokenEmbedding;
    private final Operand<TFloat32> positionEmbedding;
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;

    ClipTextTransformer(ParameterStore params, TextEncoderConfig config) {
        this.config = config;
        long h = config.hiddenSize();
        tokenEmbedding = params.embedding(PREFIX + "embeddings.token_embedding.weight", config.vocabSize(), h);
        positionEmbedding = params.embedding(PREFIX + "embeddings.position_embedding.weight",
                config.maxPositionEmbeddings(), h);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new Layer(params, PREFIX + "encoder.layers." + i + ".", config));
        }
        finalNorm = new LayerNorm(params, PREFIX + "final_layer_norm", h, config.layerNormEps());
    }

    /**
     * Builds the forward pass.
     *
     * @param tf ops
     * @param ids {@code [B, L]} token ids
     * @return {@code 2·(layers + 1)} outputs {@code [B, L, hidden]}: the raw hidden states {@code 0..layers}
     *     (index {@code i}), then the same with the final LayerNorm (index {@code layers + 1 + i})
     */
    List<Operand<TFloat32>> build(Ops tf, Operand<TInt32> ids) {
        long length = Shapes.dim(ids, 1);
        Operand<TFloat32> positions = tf.slice(positionEmbedding, tf.constant(new long[] {0, 0}),
                tf.constant(new long[] {length, config.hiddenSize()}));
        Operand<TFloat32> x = tf.math.add(tf.gather(tokenEmbedding, ids, tf.constant(0)), positions);
        Operand<TFloat32> mask = tf.constant(causalMask((int) length));
        List<Operand<TFloat32>> states = new ArrayList<>();
        states.add(x);
        for (Layer layer : layers) {
            x = layer.apply(tf, x, mask);
            states.add(x);
        }
        List<Operand<TFloat32>> outputs = new ArrayList<>(states);
        for (Operand<TFloat32> s : states) {
            outputs.add(finalNorm.apply(tf, s));
        }
        return outputs;
    }

    private static float[][] causalMask(int length) {
        float[][] m = new float[length][length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                m[i][j] = -Float.MAX_VALUE;
            }
        }
        return m;
    }

    /** One encoder layer: {@code x += attn(LN1(x))}, {@code x += fc2(act(fc1(LN2(x))))}. */
    private static final class Layer {
        private final LayerNorm norm1;
        private final Linear q;
        private final Linear k;
        private final Linear v;
        private final Linear out;
        private final LayerNorm norm2;
        private final Linear fc1;
        private final Linear fc2;
        private final int heads;
        private final double scale;
        private final boolean quickGelu;

        Layer(ParameterStore params, String prefix, TextEncoderConfig c) {
            long h = c.hiddenSize();
            norm1 = new LayerNorm(params, prefix + "layer_norm1", h, c.layerNormEps());
            q = new Linear(params, prefix + "self_attn.q_proj", h, h, true);
            k = new Linear(params, prefix + "self_attn.k_proj", h, h, true);
            v = new Linear(params, prefix + "self_attn.v_proj", h, h, true);
            out = new Linear(params, prefix + "self_attn.out_proj", h, h, true);
            norm2 = new LayerNorm(params, prefix + "layer_norm2", h, c.layerNormEps());
            fc1 = new Linear(params, prefix + "mlp.fc1", h, c.intermediateSize(), true);
            fc2 = new Linear(params, prefix + "mlp.fc2", c.intermediateSize(), h, true);
            heads = c.numAttentionHeads();
            scale = 1 / Math.sqrt((double) h / heads);
            quickGelu = c.hiddenAct().equals("quick_gelu");
        }

        Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> mask) {
            Operand<TFloat32> n = norm1.apply(tf, x);
            Operand<TFloat32> a = ScaledDotProductAttention.apply(tf, q.apply(tf, n), k.apply(tf, n), v.apply(tf, n),
                    heads, scale, 0, mask);
            x = tf.math.add(x, out.apply(tf, a));
            Operand<TFloat32> m = fc1.apply(tf, norm2.apply(tf, x));
            m = quickGelu ? Activations.quickGelu(tf, m) : Activations.gelu(tf, m);
            return tf.math.add(x, fc2.apply(tf, m));
        }
    }
}
