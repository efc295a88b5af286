package dev.tav.spi;

import dev.tav.tensor.FloatTensor;
import java.util.List;

/**
 * A U-Net being trained: the parameters its {@link TrainerOptions} select (a subset for tuning, or all of them for
 * training from scratch) are updated by AdamW; everything else is frozen. It is also a {@link UNetModel} that
 * predicts with the current parameters. Owns native resources: close it when done.
 */
public interface UNetTrainer extends UNetModel {
    /** @return the trainable parameter names, sorted */
    List<String> trainableNames();

    /**
     * One optimisation step with one timestep for the whole batch: {@link #step(FloatTensor, Timesteps,
     * FloatTensor, FloatTensor, double)} with {@link Timesteps#scalar(double) Timesteps.scalar(timestep)}.
     *
     * @param noisyLatents the noised latents, as for {@link UNetInput#sample()}
     * @param timestep the timestep every sample was noised to
     * @param textStates the text states, as for {@link UNetInput#textStates()}
     * @param target the regression target, same shape as the latents
     * @param learningRate the step's learning rate, {@code > 0}
     * @return the loss, gradient norm and prediction before the update
     * @throws IllegalArgumentException if a shape does not fit the model or the learning rate is invalid
     */
    default TrainingStep step(FloatTensor noisyLatents, int timestep, FloatTensor textStates, FloatTensor target,
            double learningRate) {
        return step(noisyLatents, Timesteps.scalar(timestep), textStates, target, learningRate);
    }

    /**
     * One optimisation step: predict for {@code noisyLatents} at {@code timesteps}, take the mean squared error
     * against {@code target} over every element of the batch, back-propagate to the trainable parameters only, clip
     * the global gradient norm, and apply one AdamW update. Samples of a batch do not interact, so with equally
     * shaped samples the loss is the mean of the samples' losses and the gradient the mean of their gradients.
     *
     * @param noisyLatents the noised latents, as for {@link UNetInput#sample()}
     * @param timesteps the timesteps the latents were noised to: one for the batch, or one per sample (per video for
     *     video latents), as pretraining draws them
     * @param textStates the text states, as for {@link UNetInput#textStates()}
     * @param target the regression target (noise for ε-prediction, velocity for v-prediction), same shape as the
     *     latents
     * @param learningRate the step's learning rate, {@code > 0}
     * @return the loss, gradient norm and prediction before the update
     * @throws IllegalArgumentException if a shape does not fit the model, the per-sample timesteps are not one per
     *     sample, or the learning rate is invalid
     */
    default TrainingStep step(FloatTensor noisyLatents, Timesteps timesteps, FloatTensor textStates,
            FloatTensor target, double learningRate) {
        return step(noisyLatents, timesteps, textStates, target, null, learningRate);
    }

    /**
     * As {@link #step(FloatTensor, Timesteps, FloatTensor, FloatTensor, double)}, with the squared error of each
     * element weighted: the loss is the mean over every element of {@code lossWeights · (prediction − target)²}
     * (weights of mean 1 keep the loss on the unweighted scale). Pretraining uses it to stress the pixels of a
     * small object against a large uniform background.
     *
     * @param noisyLatents the noised latents, as for {@link UNetInput#sample()}
     * @param timesteps the timesteps the latents were noised to, as for the unweighted step
     * @param textStates the text states, as for {@link UNetInput#textStates()}
     * @param target the regression target, same shape as the latents
     * @param lossWeights finite weights {@code >= 0}, same shape as the latents; {@code null} for the unweighted
     *     step
     * @param learningRate the step's learning rate, {@code > 0}
     * @return the (weighted) loss, gradient norm and prediction before the update
     * @throws IllegalArgumentException if a shape does not fit the model, a weight is negative or not finite, the
     *     per-sample timesteps are not one per sample, or the learning rate is invalid
     */
    TrainingStep step(FloatTensor noisyLatents, Timesteps timesteps, FloatTensor textStates, FloatTensor target,
            FloatTensor lossWeights, double learningRate);

    /** @return a copy of the trainable parameters, moments and update count */
    TrainerState state();

    /**
     * Replaces the trainable parameters, moments and update count (to resume a run).
     *
     * @param state a state of the same trainable parameters and shapes
     * @throws IllegalArgumentException if names or shapes differ
     */
    void restore(TrainerState state);
}
