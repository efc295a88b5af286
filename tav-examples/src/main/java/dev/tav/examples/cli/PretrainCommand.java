package dev.tav.examples.cli;

import dev.tav.examples.pretrain.PretrainSettings;
import dev.tav.examples.pretrain.ShapesPretraining;
import dev.tav.progress.CancellationToken;
import dev.tav.spi.Backend;
import dev.tav.spi.Backends;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tav pretrain}: trains the shapes-world text-to-image model (see {@code docs/shapes-world.md}). */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretrains the shapes-world text-to-image model from scratch in the diffusers layout: tokenizer,"
                + " frozen seeded CLIP text encoder, autoencoder, then U-Net on still pictures; writes it in half"
                + " precision. Run it again with the same options to resume an interrupted run."})
final class PretrainCommand implements Callable<Integer> {
    private static final PretrainSettings DEFAULTS = PretrainSettings.defaults();

    @Option(names = "--work", required = true, paramLabel = "DIR", description = "work folder: checkpoints and the"
            + " float32 model")
    Path work;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "the half-precision model folder"
            + " to write (replaced at the end)")
    Path output;

    @Option(names = "--vae-steps", description = "autoencoder updates (default ${DEFAULT-VALUE})")
    int vaeSteps = DEFAULTS.vaeSteps();

    @Option(names = "--vae-batch", description = "pictures per autoencoder update (default ${DEFAULT-VALUE})")
    int vaeBatch = DEFAULTS.vaeBatch();

    @Option(names = "--vae-lr", description = "autoencoder learning rate (default ${DEFAULT-VALUE})")
    double vaeLearningRate = DEFAULTS.vaeLearningRate();

    @Option(names = "--kl-weight", description = "autoencoder KL weight (default ${DEFAULT-VALUE})")
    double klWeight = DEFAULTS.klWeight();

    @Option(names = "--unet-steps", description = "U-Net updates at the full learning rate (default"
            + " ${DEFAULT-VALUE})")
    int unetSteps = DEFAULTS.unetSteps();

    @Option(names = "--unet-cooldown-steps", description = "U-Net updates after those whose learning rate falls"
            + " linearly to zero (default ${DEFAULT-VALUE})")
    int unetCooldownSteps = DEFAULTS.unetCooldownSteps();

    @Option(names = "--unet-batch", description = "pictures per U-Net update (default ${DEFAULT-VALUE})")
    int unetBatch = DEFAULTS.unetBatch();

    @Option(names = "--unet-lr", description = "U-Net learning rate (default ${DEFAULT-VALUE})")
    double unetLearningRate = DEFAULTS.unetLearningRate();

    @Option(names = "--warmup", description = "learning-rate warm-up updates (default ${DEFAULT-VALUE})")
    int warmup = DEFAULTS.warmupSteps();

    @Option(names = "--caption-dropout", description = "probability of the empty prompt (default ${DEFAULT-VALUE})")
    double captionDropout = DEFAULTS.captionDropout();

    @Option(names = "--checkpoint-every", description = "updates between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery = DEFAULTS.checkpointEvery();

    @Option(names = "--seed", description = "seed of weights, pictures and draws (default ${DEFAULT-VALUE})")
    long seed = DEFAULTS.seed();

    @Option(names = "--token-scale", description = "factor on the frozen text encoder's seeded token embeddings"
            + " (default ${DEFAULT-VALUE})")
    double tokenEmbeddingScale = DEFAULTS.tokenEmbeddingScale();

    @Option(names = "--object-weight", description = "extra weight of the U-Net's squared error on latent cells the"
            + " object covers; 0 = plain mean squared error (default ${DEFAULT-VALUE})")
    double objectLossWeight = DEFAULTS.objectLossWeight();

    @Override
    public Integer call() throws Exception {
        PretrainSettings settings = new PretrainSettings(vaeSteps, vaeBatch, vaeLearningRate, klWeight, unetSteps,
                unetBatch, unetLearningRate, warmup, captionDropout, checkpointEvery, seed, tokenEmbeddingScale,
                unetCooldownSteps, objectLossWeight);
        try (Backend backend = Backends.create()) {
            new ShapesPretraining(backend, work, settings).run(output, ConsoleProgress.bar(),
                    CancellationToken.none());
        }
        System.out.println("wrote " + output);
        return 0;
    }
}
