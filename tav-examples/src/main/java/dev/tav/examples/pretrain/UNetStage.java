package dev.tav.examples.pretrain;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.Trajectory;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.TextEncoderConfig;
import dev.tav.model.UNetConfig;
import dev.tav.model.VaeConfig;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.schedule.NoiseSchedule;
import dev.tav.schedule.PredictionType;
import dev.tav.schedule.SchedulerConfig;
import dev.tav.spi.AdamWSettings;
import dev.tav.spi.Backend;
import dev.tav.spi.TextEncoderModel;
import dev.tav.spi.Timesteps;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainingStep;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.UNetTrainer;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.text.ClipTokenizer;
import dev.tav.tuning.SeededNoise;
import dev.tav.tuning.SeededNoise.Purpose;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Stage 2: trains the text-to-image U-Net from fresh weights on still pictures only (like SD, it never sees a
 * video): latents are posterior samples of the trained autoencoder × its scaling factor, captions go through the
 * frozen text encoder (half of them naming a random motion, see {@link #caption}) and are replaced by the empty
 * prompt with probability {@code captionDropout}; one uniform timestep per picture; the target is the model's prediction type (the shapes world uses v-prediction on a
 * zero-terminal-SNR schedule) under its DDIM noise schedule; the squared error is optionally weighted towards the
 * object ({@link PretrainSettings#objectLossWeight()}).
 */
final class UNetStage {
    static final int STREAM = 2;
    /** The stage's checkpoint, in the work folder. */
    static final String CHECKPOINT = "unet-checkpoint.safetensors";
    /** The share of (non-empty) training captions that name a random motion. */
    static final double MOTION_CAPTION_RATE = 0.5;
    private static final long POSTERIOR_OFFSET = 1L << 32;

    private UNetStage() {}

    static void run(Backend backend, Path model, Path work, PretrainSettings s, ProgressListener listener,
            CancellationToken cancel) throws IOException {
        Path weights = model.resolve(ModelSkeleton.UNET_WEIGHTS);
        if (ModelSkeleton.updates(weights) == s.unetTotalSteps()) {
            return;
        }
        UNetConfig config = UNetConfig.read(model.resolve("unet/config.json"));
        VaeConfig vaeConfig = VaeConfig.read(model.resolve("vae/config.json"));
        SchedulerConfig schedulerConfig = SchedulerConfig.read(model.resolve("scheduler/scheduler_config.json"));
        NoiseSchedule schedule = NoiseSchedule.of(schedulerConfig);
        PredictionType prediction = schedulerConfig.predictionType();
        Path init = work.resolve("unet-initial.safetensors");
        if (!Files.exists(init)) {
            ModelSkeleton.writeWeights(init, backend.initialWeights(config, s.seed()), DataType.FLOAT32);
        }
        SceneBatches data = new SceneBatches(s.seed(), ModelSkeleton.SIDE);
        SeededNoise noise = new SeededNoise(s.seed());
        int f = vaeConfig.downsampleFactor();
        Shape latent = new Shape(s.unetBatch(), vaeConfig.latentChannels(), ModelSkeleton.SIDE / f,
                ModelSkeleton.SIDE / f);
        String job = "unet " + config + " " + vaeConfig + " " + schedulerConfig + " motion captions "
                + MOTION_CAPTION_RATE + " ";
        try (Prompts prompts = Prompts.open(backend, model);
                VaeModel vae = open(backend, vaeConfig, model.resolve(ModelSkeleton.VAE_WEIGHTS));
                SafetensorsWeights w = SafetensorsWeights.open(init);
                UNetTrainer trainer = backend.loadUNetTrainer(config, w, UNetOptions.image(),
                        TrainerOptions.allParameters(AdamWSettings.defaults()))) {
            CheckpointedTraining loop = new CheckpointedTraining("unet", work.resolve(CHECKPOINT),
                    n -> job + s.unetJob(n), trainer::state, trainer::restore);
            var state = loop.run(s.unetTotalSteps(), s.checkpointEvery(), k -> {
                List<Scene> scenes = data.scenes(STREAM, k, s.unetBatch());
                float[] x0 = vae.encode(SceneBatches.images(scenes))
                        .sample(noise.gaussian(Purpose.POSTERIOR_SAMPLE, POSTERIOR_OFFSET + k, latent)).toArray();
                for (int i = 0; i < x0.length; i++) {
                    x0[i] *= (float) vaeConfig.scalingFactor();
                }
                Random random = data.random(STREAM, k);
                int[] t = new int[scenes.size()];
                double[] tt = new double[t.length];
                String[] captions = new String[t.length];
                for (int i = 0; i < t.length; i++) {
                    t[i] = random.nextInt(schedule.numTrainTimesteps());
                    tt[i] = t[i];
                    captions[i] = caption(scenes.get(i), random, s.captionDropout());
                }
                FloatTensor eps = noise.gaussian(Purpose.TRAINING_NOISE, k, latent);
                FloatTensor noisy = FloatTensor.wrap(latent, schedule.addNoise(x0, eps.toArray(), t));
                FloatTensor target = switch (prediction) {
                    case EPSILON -> eps;
                    case V_PREDICTION -> FloatTensor.wrap(latent, schedule.velocity(x0, eps.toArray(), t));
                    case SAMPLE -> FloatTensor.wrap(latent, x0);
                };
                FloatTensor lossWeights = s.objectLossWeight() > 0 ? SceneBatches.objectWeights(scenes,
                        vaeConfig.latentChannels(), f, s.objectLossWeight()) : null;
                TrainingStep step = trainer.step(noisy, Timesteps.perSample(tt), prompts.states(captions), target,
                        lossWeights, s.unetRate(k));
                return Map.of("loss", step.loss(), "grad_norm", step.gradientNorm());
            }, listener, cancel);
            ModelSkeleton.writeWeights(weights, state.parameters(), DataType.FLOAT32, state.updates());
        }
    }

    /**
     * The caption a picture is trained with: empty with probability {@code dropout} (for classifier-free guidance),
     * else with probability {@link #MOTION_CAPTION_RATE} the caption a video of this appearance would have with a
     * random trajectory ("a large red circle moving right on a white background"), else the picture's own. A still
     * cannot show motion, so the motion words carry nothing; seeing them teaches the model to ignore them, which the
     * prompts of Tune-A-Video (video captions) need.
     */
    static String caption(Scene scene, Random random, double dropout) {
        if (random.nextDouble() < dropout) {
            return "";
        }
        if (random.nextDouble() < MOTION_CAPTION_RATE) {
            Trajectory[] all = Trajectory.values();
            return scene.appearance().caption(all[random.nextInt(all.length)]);
        }
        return scene.caption();
    }

    private static VaeModel open(Backend backend, VaeConfig config, Path weights) throws IOException {
        try (SafetensorsWeights w = SafetensorsWeights.open(weights)) {
            return backend.loadVae(config, w);
        }
    }

    /** The frozen text encoder with a cache: the world has a few hundred captions. */
    static final class Prompts implements AutoCloseable {
        private final ClipTokenizer tokenizer;
        private final TextEncoderModel encoder;
        private final Map<String, float[]> cache = new HashMap<>();
        private final Shape one;

        private Prompts(ClipTokenizer tokenizer, TextEncoderModel encoder) {
            this.tokenizer = tokenizer;
            this.encoder = encoder;
            this.one = encoder.encode(new int[][] {tokenizer.encode("").ids()}).shape();
        }

        static Prompts open(Backend backend, Path model) throws IOException {
            TextEncoderConfig config = TextEncoderConfig.read(model.resolve("text_encoder/config.json"));
            ClipTokenizer tokenizer = ClipTokenizer.load(model.resolve("tokenizer"));
            try (SafetensorsWeights w = SafetensorsWeights.open(model.resolve(ModelSkeleton.TEXT_WEIGHTS))) {
                return new Prompts(tokenizer, backend.loadTextEncoder(config, w));
            }
        }

        /** @return {@code [N, length, hidden]} last hidden states of the captions */
        FloatTensor states(String... captions) {
            int size = (int) one.size();
            float[] out = new float[size * captions.length];
            for (int i = 0; i < captions.length; i++) {
                float[] s = cache.computeIfAbsent(captions[i],
                        c -> encoder.encode(new int[][] {tokenizer.encode(c).ids()}).toArray());
                System.arraycopy(s, 0, out, i * size, size);
            }
            return FloatTensor.wrap(new Shape(captions.length, one.get(1), one.get(2)), out);
        }

        @Override
        public void close() {
            encoder.close();
        }
    }
}
