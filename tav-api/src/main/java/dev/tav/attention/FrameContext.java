package dev.tav.attention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key/value frames of every frame of an {@code F}-frame video, as an {@link AttentionProcessor} decided them:
 * entry {@code i} lists the frames frame {@code i} attends to, in concatenation order. A value type: two processors
 * that give the same pattern give equal contexts, so backends key their built networks on it.
 *
 * @param keyValueFrames one non-empty list per frame, each index in {@code [0, F)}
 */
public record FrameContext(List<List<Integer>> keyValueFrames) {
    /** Validates and deep-copies the pattern. */
    public FrameContext {
        Objects.requireNonNull(keyValueFrames, "keyValueFrames");
        if (keyValueFrames.isEmpty()) {
            throw new IllegalArgumentException("a frame context needs at least one frame");
        }
        int frames = keyValueFrames.size();
        List<List<Integer>> copy = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            List<Integer> sources = keyValueFrames.get(i);
            if (sources == null || sources.isEmpty()) {
                throw new IllegalArgumentException("frame " + i + " of " + frames + " has no key/value frames");
            }
            for (Integer j : sources) {
                if (j == null || j < 0 || j >= frames) {
                    throw new IllegalArgumentException("frame " + i + " of " + frames
                            + " takes keys/values from frame " + j + ", outside [0, " + frames + ")");
                }
            }
            copy.add(List.copyOf(sources));
        }
        keyValueFrames = List.copyOf(copy);
    }

    /**
     * Evaluates a processor for every frame.
     *
     * @param processor the rule
     * @param frameCount the number of frames, {@code >= 1}
     * @return the validated context
     * @throws IllegalArgumentException if {@code frameCount < 1} or the rule's answer is invalid (the message names
     *     the frame)
     */
    public static FrameContext of(AttentionProcessor processor, int frameCount) {
        Objects.requireNonNull(processor, "processor");
        if (frameCount < 1) {
            throw new IllegalArgumentException("frame count must be >= 1, got " + frameCount);
        }
        List<List<Integer>> pattern = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            pattern.add(processor.keyValueFrames(i, frameCount));
        }
        try {
            return new FrameContext(pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attention processor " + processor + ": " + e.getMessage(), e);
        }
    }

    /** @return the number of frames {@code F} */
    public int frameCount() {
        return keyValueFrames.size();
    }

    /**
     * @param frame a frame index in {@code [0, F)}
     * @return the frames it attends to, in order
     */
    public List<Integer> sources(int frame) {
        return keyValueFrames.get(frame);
    }

    /**
     * The frames whose keys and values a backend needs for {@code frame}: {@link #sources} with repeats removed when
     * every source occurs equally often, since attending to a set of frames repeated uniformly gives exactly the
     * softmax weights of attending to it once (each key's weight and the normaliser scale alike). Sparse-causal
     * attention lists frame 0 twice for frames 0 and 1; those attend to one frame's keys instead of two. A pattern
     * with unequal repeats (which weight a frame more) is returned unchanged.
     *
     * @param frame a frame index in {@code [0, F)}
     * @return the frames to attend to, in first-occurrence order, never empty
     */
    public List<Integer> keyFrames(int frame) {
        List<Integer> sources = keyValueFrames.get(frame);
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (Integer j : sources) {
            counts.merge(j, 1, Integer::sum);
        }
        boolean uniform = counts.values().stream().distinct().count() == 1;
        return uniform ? List.copyOf(counts.keySet()) : sources;
    }

    /** @return true if every frame attends exactly to itself (plain per-frame self-attention) */
    public boolean isSpatial() {
        for (int i = 0; i < keyValueFrames.size(); i++) {
            if (!keyValueFrames.get(i).equals(List.of(i))) {
                return false;
            }
        }
        return true;
    }
}
