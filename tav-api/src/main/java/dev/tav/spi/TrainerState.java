package dev.tav.spi;

import dev.tav.tensor.FloatTensor;
import java.util.Map;

/**
 * The complete state of a {@link UNetTrainer} or {@link VaeTrainer}: trainable parameters, AdamW moments and the
 * number of updates made (which sets the bias corrections). Restoring it continues a run exactly.
 *
 * @param updates the number of optimisation steps applied, {@code >= 0}
 * @param parameters the trainable parameters by name (PyTorch layout)
 * @param firstMoments AdamW first moments by parameter name
 * @param secondMoments AdamW second moments by parameter name
 */
public record TrainerState(int updates, Map<String, FloatTensor> parameters, Map<String, FloatTensor> firstMoments,
        Map<String, FloatTensor> secondMoments) {
    /** Validates and copies the components. */
    public TrainerState {
        if (updates < 0) {
            throw new IllegalArgumentException("updates must be >= 0, got " + updates);
        }
        parameters = Map.copyOf(parameters);
        firstMoments = Map.copyOf(firstMoments);
        secondMoments = Map.copyOf(secondMoments);
        if (!parameters.keySet().equals(firstMoments.keySet())
                || !parameters.keySet().equals(secondMoments.keySet())) {
            throw new IllegalArgumentException("parameters and both moments must name the same tensors");
        }
    }
}
