package dev.tav.examples.pretrain;

/**
 * How the shapes-world model is pretrained. Steps count optimiser updates; learning rates rise linearly over
 * {@code warmupSteps} and then stay constant, except for the U-Net's cool-down: {@code unetCooldownSteps} more
 * updates after {@code unetSteps} whose rate falls linearly towards zero (a constant-rate run followed by a short
 * decay, so a finished constant-rate run can be cooled down, or extended and then cooled down, without starting
 * again).
 *
 * @param vaeSteps autoencoder updates, {@code >= 1}
 * @param vaeBatch images per autoencoder update, {@code >= 1}
 * @param vaeLearningRate the autoencoder's AdamW learning rate, {@code > 0}
 * @param klWeight weight of the autoencoder's KL term against its per-element L1 term, {@code >= 0} (see
 *     {@link dev.tav.spi.VaeTrainer}); LDM's 1e-6 on a pixel-summed L1 is 1e-6 / (3·H·W) here, almost
 *     none; 1e-6 here keeps the latents bounded without starving them of information
 * @param unetSteps U-Net updates, {@code >= 1}
 * @param unetBatch images per U-Net update, {@code >= 1}
 * @param unetLearningRate the U-Net's AdamW learning rate, {@code > 0}
 * @param warmupSteps linear learning-rate warm-up of both stages, {@code >= 0}
 * @param captionDropout probability that a U-Net training caption is replaced by the empty prompt (what
 *     classifier-free guidance needs), in {@code [0, 1)}
 * @param checkpointEvery updates between checkpoints of a stage, {@code >= 1}
 * @param seed seeds the initial weights, the pictures and every random draw
 * @param tokenEmbeddingScale factor applied to the frozen text encoder's seeded token embeddings, {@code > 0}: the
 *     larger, the more a caption's hidden states depend on its words rather than on positions (1 = the
 *     PyTorch-default initialisation; the text encoder is created once per work folder)
 * @param unetCooldownSteps U-Net updates after {@code unetSteps} whose learning rate falls linearly from
 *     {@code unetLearningRate} to {@code unetLearningRate / unetCooldownSteps}, {@code >= 0}
 * @param objectLossWeight the extra weight of the U-Net's squared error on latent cells the object covers, {@code >=
 *     0}: a cell's weight is {@code 1 + objectLossWeight · covered share} (0 = the plain mean squared error); the
 *     object is a small part of each picture, so its colour and shape otherwise carry little of the loss
 */
public record PretrainSettings(int vaeSteps, int vaeBatch, double vaeLearningRate, double klWeight, int unetSteps,
        int unetBatch, double unetLearningRate, int warmupSteps, double captionDropout, int checkpointEvery,
        long seed, double tokenEmbeddingScale, int unetCooldownSteps, double objectLossWeight) {
    /** Validates every setting, naming the one that is wrong. */
    public PretrainSettings {
        positive("vaeSteps", vaeSteps);
        positive("vaeBatch", vaeBatch);
        positive("unetSteps", unetSteps);
        positive("unetBatch", unetBatch);
        positive("checkpointEvery", checkpointEvery);
        rate("vaeLearningRate", vaeLearningRate);
        rate("unetLearningRate", unetLearningRate);
        rate("tokenEmbeddingScale", tokenEmbeddingScale);
        if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
            throw new IllegalArgumentException("klWeight must be a number >= 0, got " + klWeight);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        }
        if (!(objectLossWeight >= 0) || Double.isInfinite(objectLossWeight)) {
            throw new IllegalArgumentException("objectLossWeight must be a number >= 0, got " + objectLossWeight);
        }
        if (unetCooldownSteps < 0) {
            throw new IllegalArgumentException("unetCooldownSteps must be >= 0, got " + unetCooldownSteps);
        }
        if (!(captionDropout >= 0 && captionDropout < 1)) {
            throw new IllegalArgumentException("captionDropout must be in [0, 1), got " + captionDropout);
        }
    }

    /** @return the settings of the committed model (about an hour on two cores) */
    public static PretrainSettings defaults() {
        return new PretrainSettings(3000, 16, 1e-3, 1e-6, 5000, 32, 5e-4, 100, 0.1, 200, 7, 10, 1000, 0);
    }

    /**
     * @return what the autoencoder stage's result depends on besides its step count: a checkpoint resumes only a
     *     run with the same value, and a finished run can be extended by asking for more steps
     */
    String vaeJob() {
        return "vae batch=" + vaeBatch + " lr=" + vaeLearningRate + " kl=" + klWeight + " warmup=" + warmupSteps
                + " seed=" + seed;
    }

    /** @return every U-Net update: the constant-rate ones, then the cool-down */
    int unetTotalSteps() {
        return unetSteps + unetCooldownSteps;
    }

    /**
     * @param updates the updates a U-Net checkpoint holds
     * @return as {@link #vaeJob()}, for the U-Net stage: the cool-down's length is part of it only for a checkpoint
     *     inside the cool-down, so a checkpoint of the constant-rate phase resumes into any cool-down
     */
    String unetJob(int updates) {
        return "unet batch=" + unetBatch + " lr=" + unetLearningRate + " warmup=" + warmupSteps + " dropout="
                + captionDropout + " seed=" + seed + (objectLossWeight > 0 ? " object_weight=" + objectLossWeight : "")
                + (updates > unetSteps ? " cooldown=" + unetCooldownSteps : "");
    }

    /**
     * @param steps U-Net updates so far
     * @return the learning rate of U-Net update {@code steps + 1}: warm-up, constant, then the linear cool-down
     */
    double unetRate(int steps) {
        double rate = learningRate(steps, unetLearningRate);
        return steps < unetSteps ? rate : rate * (unetTotalSteps() - steps) / unetCooldownSteps;
    }

    /**
     * @param steps updates so far
     * @param peak the learning rate after warm-up
     * @return the learning rate of update {@code steps + 1}
     */
    double learningRate(int steps, double peak) {
        return warmupSteps == 0 ? peak : peak * Math.min(1.0, (steps + 1.0) / warmupSteps);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    private static void rate(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
    }
}
