package dev.tav.spi;

import java.util.List;
import java.util.Objects;

/**
 * What a trainer ({@link UNetTrainer}, {@link VaeTrainer}) trains and how: either the parameters that name patterns
 * select (tuning) or every parameter of the network ({@link #allParameters(AdamWSettings)}, training from scratch).
 *
 * @param trainableModules name patterns: a parameter is trainable if its name contains {@code pattern + "."}
 *     (Tune-A-Video: {@code attn1.to_q}, {@code attn2.to_q}, {@code attn_temp}); at least one pattern, and together
 *     they must match at least one parameter of the model; empty exactly when {@code allParameters}
 * @param allParameters true if every parameter of the network trains (no patterns then)
 * @param adamW the optimiser settings
 */
public record TrainerOptions(List<String> trainableModules, boolean allParameters, AdamWSettings adamW) {
    /** Validates and copies the components. */
    public TrainerOptions {
        trainableModules = List.copyOf(trainableModules);
        Objects.requireNonNull(adamW, "adamW");
        if (allParameters && !trainableModules.isEmpty()) {
            throw new IllegalArgumentException("trainableModules must be empty when all parameters train, got "
                    + trainableModules);
        }
        if (!allParameters && (trainableModules.isEmpty() || trainableModules.stream().anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("trainableModules must name at least one module, got "
                    + trainableModules);
        }
    }

    /**
     * Trains the parameters that name patterns select.
     *
     * @param trainableModules the patterns (see the record description); at least one, none blank
     * @param adamW the optimiser settings
     * @throws IllegalArgumentException if no pattern is given or one is blank
     */
    public TrainerOptions(List<String> trainableModules, AdamWSettings adamW) {
        this(trainableModules, false, adamW);
    }

    /**
     * Trains every parameter of the network, as pretraining from scratch does.
     *
     * @param adamW the optimiser settings
     * @return the options
     */
    public static TrainerOptions allParameters(AdamWSettings adamW) {
        return new TrainerOptions(List.of(), true, adamW);
    }

    /**
     * @param parameterName a parameter name
     * @return true if all parameters train or a pattern selects it
     */
    public boolean isTrainable(String parameterName) {
        return allParameters || trainableModules.stream().anyMatch(p -> parameterName.contains(p + "."));
    }
}
