package dev.tav.spi;

/**
 * What one optimisation step of a {@link VaeTrainer} observed, before the update (see {@link VaeTrainer} for the
 * exact terms).
 *
 * @param loss the objective, {@code reconstruction + klWeight · kl}
 * @param reconstruction the mean absolute error between the images and their reconstructions, in image units
 *     (images span [-1, 1])
 * @param kl the KL divergence of the posterior from the standard normal, summed over latent elements and divided by
 *     the batch size, in nats per image
 * @param gradientNorm the global L2 norm of the trainable parameters' gradients before clipping
 */
public record VaeTrainingStep(double loss, double reconstruction, double kl, double gradientNorm) {}
