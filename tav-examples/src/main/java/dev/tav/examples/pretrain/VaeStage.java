package dev.tav.examples.pretrain;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.VaeConfig;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.spi.AdamWSettings;
import dev.tav.spi.Backend;
import dev.tav.spi.LatentDistribution;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.VaeModel;
import dev.tav.spi.VaeTrainer;
import dev.tav.spi.VaeTrainingStep;
import dev.tav.tensor.FloatTensor;
import dev.tav.tuning.SeededNoise;
import dev.tav.tuning.SeededNoise.Purpose;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: trains the autoencoder from fresh weights on random pictures of the world, then sets its
 * {@code scaling_factor} to 1 / the standard deviation of its latents (as SD's 0.18215 was chosen), and logs how
 * many object colours and shapes survive its round trip ({@link AutoencoderCheck}).
 */
final class VaeStage {
    private static final Logger LOG = LoggerFactory.getLogger(VaeStage.class);
    static final int STREAM = 1;
    private static final int SCALE_PICTURES = 512;

    private VaeStage() {}

    static void run(Backend backend, Path model, Path work, PretrainSettings s, ProgressListener listener,
            CancellationToken cancel) throws IOException {
        Path weights = model.resolve(ModelSkeleton.VAE_WEIGHTS);
        if (ModelSkeleton.updates(weights) == s.vaeSteps()) {
            return;
        }
        VaeConfig config = VaeConfig.read(model.resolve("vae/config.json"));
        Path init = work.resolve("vae-initial.safetensors");
        if (!Files.exists(init)) {
            ModelSkeleton.writeWeights(init, backend.initialWeights(config, s.seed()), DataType.FLOAT32);
        }
        SceneBatches data = new SceneBatches(s.seed(), ModelSkeleton.SIDE);
        SeededNoise noise = new SeededNoise(s.seed());
        int f = config.downsampleFactor();
        Shape latent = new Shape(s.vaeBatch(), config.latentChannels(), ModelSkeleton.SIDE / f,
                ModelSkeleton.SIDE / f);
        // the stage itself sets scaling_factor, so the job is the configuration without it
        VaeConfig architecture = new VaeConfig(config.inChannels(), config.outChannels(), config.blockOutChannels(),
                config.layersPerBlock(), config.latentChannels(), config.normNumGroups(), 1.0, config.sampleSize());
        String job = "vae " + architecture + " " + s.vaeJob();
        try (SafetensorsWeights w = SafetensorsWeights.open(init);
                VaeTrainer trainer = backend.loadVaeTrainer(config, w,
                        TrainerOptions.allParameters(AdamWSettings.defaults()))) {
            CheckpointedTraining loop = new CheckpointedTraining("vae", work.resolve("vae-checkpoint.safetensors"),
                    n -> job, trainer::state, trainer::restore);
            var state = loop.run(s.vaeSteps(), s.checkpointEvery(), k -> {
                FloatTensor images = SceneBatches.images(data.scenes(STREAM, k, s.vaeBatch()));
                VaeTrainingStep step = trainer.step(images, noise.gaussian(Purpose.POSTERIOR_SAMPLE, k, latent),
                        s.klWeight(), s.learningRate(k, s.vaeLearningRate()));
                return Map.of("loss", step.loss(), "l1", step.reconstruction(), "kl", step.kl());
            }, listener, cancel);
            LOG.info("autoencoder after {} updates: {}", state.updates(), AutoencoderCheck.measure(trainer));
            ModelSkeleton.setScalingFactor(model, 1 / latentStd(trainer, data, noise, latent));
            ModelSkeleton.writeWeights(weights, state.parameters(), DataType.FLOAT32, state.updates());
        }
    }

    /** The standard deviation of posterior samples over fresh pictures (never seen in training). */
    private static double latentStd(VaeModel vae, SceneBatches data, SeededNoise noise, Shape latent) {
        double sum = 0;
        double squares = 0;
        long n = 0;
        int batch = (int) latent.get(0);
        for (int b = 0; b * batch < SCALE_PICTURES; b++) {
            LatentDistribution d = vae.encode(SceneBatches.images(data.scenes(STREAM + 100, b, batch)));
            float[] z = d.sample(noise.gaussian(Purpose.POSTERIOR_SAMPLE, -1 - b, latent)).toArray();
            for (float v : z) {
                sum += v;
                squares += (double) v * v;
            }
            n += z.length;
        }
        double mean = sum / n;
        return Math.sqrt(squares / n - mean * mean);
    }
}
