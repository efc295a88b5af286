package dev.tav.pipeline;

import dev.tav.attention.AttentionProcessor;
import java.util.Objects;

/**
 * How a tuned model generates a new video. Defaults equal the official {@code validation_data}.
 *
 * @param steps DDIM sampling steps, {@code >= 1} (50)
 * @param guidanceScale the classifier-free guidance scale, {@code >= 1} (12.5); 1 disables guidance
 * @param invert whether sampling starts from the DDIM inversion of the source video (official
 *     {@code use_inv_latent}, true) instead of seeded noise
 * @param inversionSteps DDIM inversion steps, {@code >= 1} (50)
 * @param eta the DDIM η, {@code >= 0} (0: deterministic)
 * @param seed the seed of the initial noise when not inverting, and of η noise (33)
 * @param attention the self-attention rule of inversion and sampling (Tune-A-Video's sparse-causal)
 */
public record EditSettings(int steps, double guidanceScale, boolean invert, int inversionSteps, double eta,
        long seed, AttentionProcessor attention) {
    /** Validates the components, naming the offending setting. */
    public EditSettings {
        Objects.requireNonNull(attention, "attention");
        if (steps < 1) {
            throw new IllegalArgumentException("num_inference_steps must be >= 1, got " + steps);
        }
        if (!(guidanceScale >= 1) || Double.isInfinite(guidanceScale)) {
            throw new IllegalArgumentException("guidance_scale must be a number >= 1, got " + guidanceScale);
        }
        if (inversionSteps < 1) {
            throw new IllegalArgumentException("num_inv_steps must be >= 1, got " + inversionSteps);
        }
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be a number >= 0, got " + eta);
        }
    }

    /**
     * Settings with Tune-A-Video's sparse-causal attention.
     *
     * @param steps DDIM sampling steps
     * @param guidanceScale the guidance scale
     * @param invert whether to start from the inverted source
     * @param inversionSteps DDIM inversion steps
     * @param eta the DDIM η
     * @param seed the seed
     */
    public EditSettings(int steps, double guidanceScale, boolean invert, int inversionSteps, double eta, long seed) {
        this(steps, guidanceScale, invert, inversionSteps, eta, seed, AttentionProcessor.sparseCausal());
    }

    /** @return the official defaults: 50 steps, guidance 12.5, inversion with 50 steps, η 0, seed 33 */
    public static EditSettings defaults() {
        return new EditSettings(50, 12.5, true, 50, 0, 33);
    }

    /**
     * @param n sampling steps
     * @return a copy with them
     */
    public EditSettings withSteps(int n) {
        return new EditSettings(n, guidanceScale, invert, inversionSteps, eta, seed, attention);
    }

    /**
     * @param g the guidance scale
     * @return a copy with it
     */
    public EditSettings withGuidanceScale(double g) {
        return new EditSettings(steps, g, invert, inversionSteps, eta, seed, attention);
    }

    /**
     * @param on whether to start from the inverted source
     * @param n inversion steps
     * @return a copy with them
     */
    public EditSettings withInversion(boolean on, int n) {
        return new EditSettings(steps, guidanceScale, on, n, eta, seed, attention);
    }

    /**
     * @param e the DDIM η
     * @return a copy with it
     */
    public EditSettings withEta(double e) {
        return new EditSettings(steps, guidanceScale, invert, inversionSteps, e, seed, attention);
    }

    /**
     * @param s the seed
     * @return a copy with it
     */
    public EditSettings withSeed(long s) {
        return new EditSettings(steps, guidanceScale, invert, inversionSteps, eta, s, attention);
    }

    /**
     * @param processor the self-attention rule of inversion and sampling
     * @return a copy with it
     */
    public EditSettings withAttention(AttentionProcessor processor) {
        return new EditSettings(steps, guidanceScale, invert, inversionSteps, eta, seed, processor);
    }
}
