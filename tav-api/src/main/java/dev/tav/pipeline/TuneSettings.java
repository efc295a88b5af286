package dev.tav.pipeline;

import dev.tav.attention.AttentionProcessor;
import java.util.List;
import java.util.Objects;

/**
 * How Tune-A-Video tunes a model on one video. Defaults equal the official configuration.
 *
 * @param sampling which source frames are used, and their size
 * @param steps the number of optimisation steps, {@code >= 1} (official {@code max_train_steps}, 500)
 * @param learningRate the constant AdamW learning rate, {@code > 0} (3e-5)
 * @param trainableModules name patterns of the modules that are tuned: a parameter is trainable if its name
 *     contains {@code pattern + "."} (official {@code trainable_modules}: {@code attn1.to_q}, {@code attn2.to_q},
 *     {@code attn_temp})
 * @param seed the seed of every random draw (noise, timesteps, posterior samples) (33)
 * @param checkpointEvery how often, in steps, a resumable checkpoint is written, {@code >= 1} (100)
 * @param posteriorMean whether VAE latents use the posterior mean instead of a sample (the official script samples;
 *     the reference fixture uses the mean)
 * @param attention the self-attention rule during tuning (Tune-A-Video's sparse-causal)
 */
public record TuneSettings(FrameSampling sampling, int steps, double learningRate, List<String> trainableModules,
        long seed, int checkpointEvery, boolean posteriorMean, AttentionProcessor attention) {

    /** The official trainable module patterns. */
    public static final List<String> DEFAULT_TRAINABLE_MODULES = List.of("attn1.to_q", "attn2.to_q", "attn_temp");

    /** Validates and copies the components, naming the offending setting. */
    public TuneSettings {
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(attention, "attention");
        trainableModules = List.copyOf(trainableModules);
        if (steps < 1) {
            throw new IllegalArgumentException("max_train_steps must be >= 1, got " + steps);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning_rate must be a positive number, got " + learningRate);
        }
        if (trainableModules.isEmpty() || trainableModules.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("trainable_modules must name at least one module, got "
                    + trainableModules);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointing_steps must be >= 1, got " + checkpointEvery);
        }
    }

    /**
     * Settings with Tune-A-Video's sparse-causal attention.
     *
     * @param sampling which source frames are used, and their size
     * @param steps optimisation steps
     * @param learningRate the learning rate
     * @param trainableModules name patterns of the tuned modules
     * @param seed the seed
     * @param checkpointEvery steps between checkpoints
     * @param posteriorMean whether latents use the posterior mean
     */
    public TuneSettings(FrameSampling sampling, int steps, double learningRate, List<String> trainableModules,
            long seed, int checkpointEvery, boolean posteriorMean) {
        this(sampling, steps, learningRate, trainableModules, seed, checkpointEvery, posteriorMean,
                AttentionProcessor.sparseCausal());
    }

    /** @return the official defaults */
    public static TuneSettings defaults() {
        return new TuneSettings(FrameSampling.defaults(), 500, 3e-5, DEFAULT_TRAINABLE_MODULES, 33, 100, false);
    }

    /**
     * @param s the frame sampling
     * @return a copy with it
     */
    public TuneSettings withSampling(FrameSampling s) {
        return new TuneSettings(s, steps, learningRate, trainableModules, seed, checkpointEvery, posteriorMean,
                attention);
    }

    /**
     * @param n the number of steps
     * @return a copy with it
     */
    public TuneSettings withSteps(int n) {
        return new TuneSettings(sampling, n, learningRate, trainableModules, seed, checkpointEvery, posteriorMean,
                attention);
    }

    /**
     * @param lr the learning rate
     * @return a copy with it
     */
    public TuneSettings withLearningRate(double lr) {
        return new TuneSettings(sampling, steps, lr, trainableModules, seed, checkpointEvery, posteriorMean,
                attention);
    }

    /**
     * @param patterns the trainable module patterns
     * @return a copy with them
     */
    public TuneSettings withTrainableModules(List<String> patterns) {
        return new TuneSettings(sampling, steps, learningRate, patterns, seed, checkpointEvery, posteriorMean,
                attention);
    }

    /**
     * @param s the seed
     * @return a copy with it
     */
    public TuneSettings withSeed(long s) {
        return new TuneSettings(sampling, steps, learningRate, trainableModules, s, checkpointEvery, posteriorMean,
                attention);
    }

    /**
     * @param every the checkpoint interval in steps
     * @return a copy with it
     */
    public TuneSettings withCheckpointEvery(int every) {
        return new TuneSettings(sampling, steps, learningRate, trainableModules, seed, every, posteriorMean,
                attention);
    }

    /**
     * @param mean whether to use the posterior mean
     * @return a copy with it
     */
    public TuneSettings withPosteriorMean(boolean mean) {
        return new TuneSettings(sampling, steps, learningRate, trainableModules, seed, checkpointEvery, mean,
                attention);
    }

    /**
     * @param parameterName a U-Net parameter name
     * @return true if it is tuned under these settings
     */
    public boolean isTrainable(String parameterName) {
        return trainableModules.stream().anyMatch(p -> parameterName.contains(p + "."));
    }

    /**
     * @param processor the self-attention rule during tuning
     * @return a copy with it
     */
    public TuneSettings withAttention(AttentionProcessor processor) {
        return new TuneSettings(sampling, steps, learningRate, trainableModules, seed, checkpointEvery, posteriorMean,
                processor);
    }
}
