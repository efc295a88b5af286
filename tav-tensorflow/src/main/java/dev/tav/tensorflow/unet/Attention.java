package dev.tav.tensorflow.unet;

import dev.tav.attention.FrameContext;
import dev.tav.tensorflow.nn.Linear;
import dev.tav.tensorflow.nn.ScaledDotProductAttention;
import dev.tav.tensorflow.nn.Shapes;
import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * diffusers' {@code CrossAttention} / {@code Attention}: {@code to_q}, {@code to_k}, {@code to_v} without bias,
 * {@code to_out.0} with bias, scale {@code head_dim^-0.5}. Used as self-attention whose keys and values come from the
 * frames a {@link FrameContext} selects, as cross-attention to text, and as Tune-A-Video's temporal attention.
 */
final class Attention {
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear out;
    private final int heads;
    private final double scale;

    /**
     * Declares the layer's parameters, all required.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param width query and output width
     * @param contextWidth key/value input width
     * @param heads attention heads
     */
    Attention(ParameterStore params, String prefix, long width, long contextWidth, int heads) {
        this(params, prefix, width, contextWidth, heads, null, null);
    }

    /**
     * Declares the layer's parameters, creating absent ones with the given initializers.
     *
     * @param params the store
     * @param prefix the module's PyTorch name
     * @param width query and output width
     * @param contextWidth key/value input width
     * @param heads attention heads
     * @param freshProjection initializer of absent {@code to_q/to_k/to_v} weights, or {@code null} for required
     * @param freshOutput initializer of absent {@code to_out.0} weight and bias, or {@code null} for required
     */
    Attention(ParameterStore params, String prefix, long width, long contextWidth, int heads,
            Initializer freshProjection, Initializer freshOutput) {
        q = linear(params, prefix + ".to_q", width, width, false, freshProjection);
        k = linear(params, prefix + ".to_k", contextWidth, width, false, freshProjection);
        v = linear(params, prefix + ".to_v", contextWidth, width, false, freshProjection);
        out = linear(params, prefix + ".to_out.0", width, width, true, freshOutput);
        this.heads = heads;
        this.scale = 1 / Math.sqrt((double) width / heads);
    }

    private static Linear linear(ParameterStore params, String prefix, long in, long out, boolean bias,
            Initializer fresh) {
        return new Linear(params, List.of(prefix), in, out, bias, fresh);
    }

    /**
     * Attention of {@code x} to {@code context} (or to itself), each batch entry independently.
     *
     * @param tf ops
     * @param x {@code [N, S, width]}
     * @param context {@code [N, T, contextWidth]}
     * @param queryChunk the query chunk ({@code 0} for none)
     * @return {@code [N, S, width]}
     */
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, Operand<TFloat32> context, int queryChunk) {
        return out.apply(tf, ScaledDotProductAttention.apply(tf, q.apply(tf, x), k.apply(tf, context),
                v.apply(tf, context), heads, scale, queryChunk, null));
    }

    /**
     * Self-attention over frames: the query of frame {@code f} attends to the keys and values of the frames
     * {@code layout.attention()} lists for it ({@link FrameContext#keyFrames}: uniform repeats, which change
     * nothing, computed once), concatenated along the token axis. Frames with the same number of
     * source frames are processed together.
     *
     * @param tf ops
     * @param x {@code [B·F, S, width]}, frame-major
     * @param layout the batch organisation
     * @return {@code [B·F, S, width]}
     */
    Operand<TFloat32> selfAttention(Ops tf, Operand<TFloat32> x, FrameLayout layout) {
        FrameContext pattern = layout.attention();
        if (pattern.isSpatial()) {
            return apply(tf, x, x, layout.queryChunk());
        }
        long[] d = Shapes.dims(x);
        long videos = layout.videos();
        int frames = layout.frames();
        long tokens = d[1];
        long width = q.outFeatures();
        Operand<TFloat32> query = Shapes.reshape(tf, q.apply(tf, x), videos, frames, tokens, width);
        Operand<TFloat32> key = Shapes.reshape(tf, k.apply(tf, x), videos, frames, tokens, width);
        Operand<TFloat32> value = Shapes.reshape(tf, v.apply(tf, x), videos, frames, tokens, width);

        Map<Integer, List<Integer>> bySourceCount = new LinkedHashMap<>();
        for (int f = 0; f < frames; f++) {
            bySourceCount.computeIfAbsent(pattern.keyFrames(f).size(), m -> new ArrayList<>()).add(f);
        }
        List<Operand<TFloat32>> groupOutputs = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> group : bySourceCount.entrySet()) {
            List<Integer> members = group.getValue();
            int m = group.getKey();
            int g = members.size();
            List<Operand<TFloat32>> keys = new ArrayList<>();
            List<Operand<TFloat32>> values = new ArrayList<>();
            for (int s = 0; s < m; s++) {
                final int slot = s;
                int[] sources = members.stream().mapToInt(f -> pattern.keyFrames(f).get(slot)).toArray();
                keys.add(frames(tf, key, sources, frames));
                values.add(frames(tf, value, sources, frames));
            }
            Operand<TFloat32> qg = Shapes.reshape(tf, frames(tf, query, members.stream().mapToInt(i -> i).toArray(),
                    frames), videos * g, tokens, width);
            Operand<TFloat32> kg = Shapes.reshape(tf, concatTokens(tf, keys), videos * g, m * tokens, width);
            Operand<TFloat32> vg = Shapes.reshape(tf, concatTokens(tf, values), videos * g, m * tokens, width);
            Operand<TFloat32> attended = ScaledDotProductAttention.apply(tf, qg, kg, vg, heads, scale,
                    layout.queryChunk(), null);
            groupOutputs.add(Shapes.reshape(tf, attended, videos, g, tokens, width));
            order.addAll(members);
        }
        Operand<TFloat32> merged = Shapes.concat(tf, groupOutputs, 1);
        int[] inverse = new int[frames];
        for (int pos = 0; pos < frames; pos++) {
            inverse[order.get(pos)] = pos;
        }
        merged = frames(tf, merged, inverse, frames);
        return out.apply(tf, Shapes.reshape(tf, merged, videos * frames, tokens, width));
    }

    /** Selects frames (axis 1) of a {@code [B, F, S, C]} tensor; the identity selection costs nothing. */
    private static Operand<TFloat32> frames(Ops tf, Operand<TFloat32> x, int[] index, int frameCount) {
        if (index.length == frameCount && IntStream.range(0, frameCount).allMatch(i -> index[i] == i)) {
            return x;
        }
        return tf.gather(x, tf.constant(index), tf.constant(1));
    }

    private static Operand<TFloat32> concatTokens(Ops tf, List<Operand<TFloat32>> parts) {
        return Shapes.concat(tf, parts, 2);
    }
}
