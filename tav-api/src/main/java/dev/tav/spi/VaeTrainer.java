package dev.tav.spi;

import dev.tav.model.VaeConfig;
import dev.tav.tensor.FloatTensor;
import java.util.List;

/**
 * An {@code AutoencoderKL} being trained: the parameters its {@link TrainerOptions} select are updated by AdamW;
 * everything else is frozen. It is also a {@link VaeModel} that encodes and decodes with the current parameters.
 * Owns native resources: close it when done.
 *
 * <p>One {@link #step} is the KL-regularised autoencoder objective of Stable Diffusion's first stage without its
 * perceptual (LPIPS) and adversarial terms:
 * <pre>
 * (μ, log σ²) = encode(x)          log σ² clamped to [-30, 20], as {@link VaeModel#encode}
 * z  = μ + σ · noise               the reparameterised posterior sample
 * x̂  = decode(z)
 * reconstruction = mean |x − x̂|    over every element of the batch (L1, the SD autoencoder's pixel term)
 * kl = Σ ½ (μ² + σ² − 1 − log σ²) / N   summed over every latent element, divided by the batch size N
 * loss = reconstruction + klWeight · kl
 * </pre>
 * The KL term is averaged as the LDM code does ({@code sum(kl) / batch}); LDM's reconstruction term is a sum over
 * pixels divided by the batch, whereas {@code reconstruction} here is a per-element mean, {@code C·H·W} times
 * smaller, so LDM's {@code kl_weight} corresponds to {@code klWeight = kl_weight / (C·H·W)} here (the same balance
 * of the two terms; SD's 1e-6 is about 8e-11 for 64×64 RGB images).
 */
public interface VaeTrainer extends VaeModel {
    /** @return the trainable parameter names, sorted */
    List<String> trainableNames();

    /**
     * One optimisation step: the objective of the class description on {@code images}, back-propagated to the
     * trainable parameters only, global gradient norm clipping, and one AdamW update.
     *
     * @param images {@code [N, in_channels, H, W]} with values in {@code [-1, 1]}; {@code H, W} divisible by
     *     {@link VaeConfig#downsampleFactor()}
     * @param noise standard normal noise for the posterior sample, {@code [N, latent_channels, H/f, W/f]}
     * @param klWeight the weight of the KL term, {@code >= 0} and finite (LDM's {@code kl_weight} divided by
     *     {@code C·H·W}, see the class description)
     * @param learningRate the step's learning rate, {@code > 0}
     * @return the loss, its two terms and the gradient norm, before the update
     * @throws IllegalArgumentException if a shape does not fit the model, or {@code klWeight} or the learning rate
     *     is invalid
     */
    VaeTrainingStep step(FloatTensor images, FloatTensor noise, double klWeight, double learningRate);

    /** @return a copy of the trainable parameters, moments and update count */
    TrainerState state();

    /**
     * Replaces the trainable parameters, moments and update count (to resume a run exactly).
     *
     * @param state a state of the same trainable parameters and shapes
     * @throws IllegalArgumentException if names or shapes differ
     */
    void restore(TrainerState state);
}
