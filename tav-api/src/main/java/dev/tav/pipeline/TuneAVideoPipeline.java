package dev.tav.pipeline;

import dev.tav.model.ModelFormatException;
import dev.tav.model.StableDiffusionModel;
import dev.tav.model.UNetConfig;
import dev.tav.model.WeightSource;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressEvent;
import dev.tav.progress.ProgressListener;
import dev.tav.schedule.NoiseSchedule;
import dev.tav.schedule.SchedulerConfig;
import dev.tav.schedule.Schedulers;
import dev.tav.schedule.StepPlan;
import dev.tav.spi.AdamWSettings;
import dev.tav.spi.Backend;
import dev.tav.spi.Backends;
import dev.tav.spi.TextEncoderModel;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.spi.UNetModel;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.UNetTrainer;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.text.ClipTokenizer;
import dev.tav.tuning.ModelFingerprint;
import dev.tav.tuning.SeededNoise;
import dev.tav.tuning.SeededNoise.Purpose;
import dev.tav.tuning.TunedModel;
import dev.tav.video.FrameSampler;
import dev.tav.video.FrameTensors;
import dev.tav.video.Video;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tune-A-Video end to end on a Stable Diffusion model: {@link #tune} fits the video U-Net to one video and its
 * caption (only the tuned tensors are saved, see {@link TunedModel}); {@link #edit} generates a new video from an
 * edited prompt, starting from the DDIM inversion of the source video so that its motion is kept.
 *
 * <pre>{@code
 * try (TuneAVideoPipeline tav = TuneAVideoPipeline.open(Path.of("stable-diffusion-v1-5"))) {
 *     TunedModel tuned = tav.tune(new TuneRequest(video, "a man is skiing", TuneSettings.defaults(), out),
 *             ProgressListener.none(), CancellationToken.none());
 *     Video edited = tav.edit(tuned, new EditRequest(video, "mickey mouse is skiing on the snow",
 *             EditSettings.defaults()), ProgressListener.none(), CancellationToken.none());
 * }
 * }</pre>
 *
 * <p>The text encoder and VAE stay loaded for the pipeline's life; U-Nets are loaded per job. Not thread-safe.
 */
public final class TuneAVideoPipeline implements Pipeline {
    /** The file {@link #tune} writes the tuned tensors to, inside the request's output folder. */
    public static final String TUNED_FILE = "tuned_unet.safetensors";
    /** The resumable checkpoint file inside the request's output folder. */
    public static final String CHECKPOINT_FILE = "checkpoint.safetensors";

    private final Backend backend;
    private final boolean ownsBackend;
    private final StableDiffusionModel model;
    private final ClipTokenizer tokenizer;
    private final SchedulerConfig schedulerConfig;
    private final TextEncoderModel textEncoder;
    private final VaeModel vae;

    private TuneAVideoPipeline(Backend backend, boolean ownsBackend, StableDiffusionModel model,
            ClipTokenizer tokenizer, SchedulerConfig schedulerConfig, TextEncoderModel textEncoder, VaeModel vae) {
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.model = model;
        this.tokenizer = tokenizer;
        this.schedulerConfig = schedulerConfig;
        this.textEncoder = textEncoder;
        this.vae = vae;
    }

    /**
     * Opens a Stable Diffusion model (diffusers folder, or single file with a config folder) on the default backend.
     *
     * @param modelPath the model
     * @return the pipeline; close it to release the model and the backend
     * @throws ModelFormatException if the model is incomplete or invalid (names file and entry)
     * @throws IOException if reading fails
     */
    public static TuneAVideoPipeline open(Path modelPath) throws IOException {
        Backend backend = Backends.create();
        try {
            return open(StableDiffusionModel.open(modelPath), backend, true);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * Opens a model on a given backend.
     *
     * @param model the model; the pipeline owns it from now on
     * @param backend the backend; the caller keeps ownership
     * @return the pipeline
     * @throws ModelFormatException if the model lacks a tokenizer or scheduler configuration
     * @throws IOException if reading fails
     */
    public static TuneAVideoPipeline open(StableDiffusionModel model, Backend backend) throws IOException {
        return open(model, backend, false);
    }

    private static TuneAVideoPipeline open(StableDiffusionModel model, Backend backend, boolean ownsBackend)
            throws IOException {
        TextEncoderModel text = null;
        try {
            Path tokenizerFolder = model.tokenizerFolder().orElseThrow(() -> new ModelFormatException(model.path(),
                    "tokenizer", "the model has no tokenizer folder"));
            Path scheduler = model.schedulerConfig().orElseThrow(() -> new ModelFormatException(model.path(),
                    "scheduler", "the model has no scheduler_config.json"));
            ClipTokenizer tokenizer = ClipTokenizer.load(tokenizerFolder);
            SchedulerConfig schedulerConfig = SchedulerConfig.read(scheduler);
            text = backend.loadTextEncoder(model.configs().textEncoder(), model.textEncoder());
            VaeModel vae = backend.loadVae(model.configs().vae(), model.vae());
            return new TuneAVideoPipeline(backend, ownsBackend, model, tokenizer, schedulerConfig, text, vae);
        } catch (IOException | RuntimeException e) {
            if (text != null) {
                text.close();
            }
            model.close();
            throw e;
        }
    }

    @Override
    public String backendName() {
        return backend.name();
    }

    /**
     * Tunes the model on one video's sampled frames. A checkpoint of the same job in the output folder is resumed; the tuned tensors are written to
     * {@value #TUNED_FILE} there.
     *
     * @param request the video, caption, settings and output folder
     * @param listener receives {@code "tune"} progress with the loss
     * @param cancel checked before every step; a cancelled run keeps its last checkpoint
     * @return the tuned model
     * @throws IllegalArgumentException if the frames do not match the settings' {@link FrameSampling} (count, size)
     * @throws IOException if the model or the output cannot be read or written
     */
    public TunedModel tune(TuneRequest request, ProgressListener listener, CancellationToken cancel)
            throws IOException {
        TuneSettings settings = request.settings();
        Video frames = request.video();
        FrameSampling sampling = settings.sampling();
        if (frames.frameCount() != sampling.count() || frames.width() != sampling.width()
                || frames.height() != sampling.height()) {
            throw new IllegalArgumentException("the video has " + frames.frameCount() + " frames of " + frames.width()
                    + "x" + frames.height() + " but the sampling asks for " + sampling.count() + " of "
                    + sampling.width() + "x" + sampling.height() + ": sample it first (TuneAVideoPipeline.sample)");
        }
        FloatTensor latents = encode(frames, settings.posteriorMean(), settings.seed());
        FloatTensor text = encodeText(request.prompt());
        UNetConfig config = model.configs().unet();
        WeightSource base = model.unet();
        String fingerprint = ModelFingerprint.of(base);
        Files.createDirectories(request.outputDir());
        String job = jobKey(fingerprint, request.prompt(), settings, latents);
        TrainerState state;
        try (UNetTrainer trainer = backend.loadUNetTrainer(config, base,
                UNetOptions.tuneAVideo().withAttentionProcessor(settings.attention()),
                new TrainerOptions(settings.trainableModules(), AdamWSettings.defaults()))) {
            state = new TuningRun(NoiseSchedule.of(schedulerConfig), schedulerConfig.predictionType(), settings,
                    request.outputDir().resolve(CHECKPOINT_FILE), job).run(trainer, latents, text, listener, cancel);
        }
        return TunedModel.write(request.outputDir().resolve(TUNED_FILE), state.parameters(), fingerprint,
                Map.of("tav.base_model", model.describe(), "tav.prompt", request.prompt(),
                        "tav.settings", settings.toString(), "tav.job", job));
    }

    /**
     * The base model as a tuned model that tunes nothing: its video U-Net is the base inflated with fresh temporal
     * layers, which add nothing, so it generates what the text-to-image model generates frame by frame under the
     * chosen attention rule (the "without tuning" baseline).
     *
     * @param file where the (empty) tuned-weights file is written
     * @return the untuned model
     * @throws IOException if the file cannot be written
     */
    public TunedModel untuned(Path file) throws IOException {
        return TunedModel.write(file, Map.of(), ModelFingerprint.of(model.unet()),
                Map.of("tav.base_model", model.describe(), "tav.settings", "untuned"));
    }

    /**
     * Generates a video from a tuned model. The source's frames (as given: sample them as for tuning) set the
     * frame count and size and, with inversion on, the motion: their VAE posterior means are DDIM-inverted with the
     * empty prompt; otherwise sampling starts from seeded noise.
     *
     * @param tuned a model tuned from this pipeline's base model
     * @param request the source frames, edited prompt and settings
     * @param listener receives {@code "invert"} and {@code "sample"} progress
     * @param cancel checked before every step
     * @return the generated video, at the source's frame rate
     * @throws ModelFormatException if {@code tuned} was tuned from another base model
     * @throws IOException if reading fails
     */
    public Video edit(TunedModel tuned, EditRequest request, ProgressListener listener, CancellationToken cancel)
            throws IOException {
        EditSettings settings = request.settings();
        FloatTensor latents = encode(request.source(), true, settings.seed());
        return render(tuned, request.prompt(), latents, request.source().fps(), settings, listener, cancel);
    }

    /**
     * Generates a video from a tuned model and a prompt alone, starting from seeded noise (no source video, so
     * {@link EditSettings#invert()} is ignored).
     *
     * @param tuned a model tuned from this pipeline's base model
     * @param prompt the prompt
     * @param size the frame count and size ({@link FrameSampling#count()}, {@code width}, {@code height}; start and
     *     step are ignored)
     * @param fps the frame rate of the result
     * @param settings sampling steps, guidance, η and seed
     * @param listener receives {@code "sample"} progress
     * @param cancel checked before every step
     * @return the generated video
     * @throws ModelFormatException if {@code tuned} was tuned from another base model
     * @throws IOException if reading fails
     */
    public Video generate(TunedModel tuned, String prompt, FrameSampling size, double fps, EditSettings settings,
            ProgressListener listener, CancellationToken cancel) throws IOException {
        checkSize(size.width(), size.height());
        int factor = vae.config().downsampleFactor();
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(1, vae.config().latentChannels(),
                size.count(), size.height() / factor, size.width() / factor);
        return render(tuned, prompt, FloatTensor.zeros(shape), fps, settings.withInversion(false,
                settings.inversionSteps()), listener, cancel);
    }

    /** Inverts {@code latents} (or starts from seeded noise of their shape), samples with guidance, decodes. */
    private Video render(TunedModel tuned, String prompt, FloatTensor latents, double fps, EditSettings settings,
            ProgressListener listener, CancellationToken cancel) throws IOException {
        FloatTensor uncond = encodeText("");
        FloatTensor cond = encodeText(prompt);
        StepPlan plan = Schedulers.ddim(schedulerConfig).plan(settings.steps(), settings.eta());
        try (WeightSource weights = tuned.overlay(model.unet());
                UNetModel unet = backend.loadUNet(model.configs().unet(), weights,
                        UNetOptions.tuneAVideo().withAttentionProcessor(settings.attention()))) {
            FloatTensor start;
            if (settings.invert()) {
                StepPlan inversion = Schedulers.ddimInverse(schedulerConfig).plan(settings.inversionSteps());
                List<FloatTensor> trajectory = DdimInversion.invert(unet, latents, uncond, inversion,
                        progress("invert", inversion.size(), listener), cancel);
                start = trajectory.get(trajectory.size() - 1);
            } else {
                float[] noise = new SeededNoise(settings.seed()).gaussian(Purpose.INITIAL_LATENTS, 0,
                        latents.shape()).toArray();
                for (int i = 0; i < noise.length; i++) {
                    noise[i] *= (float) plan.initNoiseSigma();
                }
                start = FloatTensor.wrap(latents.shape(), noise);
            }
            SeededNoise random = new SeededNoise(settings.seed());
            FloatTensor result = GuidedSampling.sample(unet, start, uncond, cond, settings.guidanceScale(), plan,
                    i -> random.gaussian(Purpose.SAMPLING_NOISE, i, latents.shape()).toArray(),
                    progress("sample", plan.size(), listener), cancel);
            return FrameTensors.toVideos(VideoLatents.decode(vae, result), fps).get(0);
        }
    }

    /**
     * Samples and resizes frames as Tune-A-Video's data loader does ({@link FrameSampler#sample(Video, FrameSampling)}).
     *
     * @param video the source video
     * @param sampling which frames, at what size
     * @return the sampled video
     * @throws IllegalArgumentException if the video has too few frames
     */
    public static Video sample(Video video, FrameSampling sampling) {
        return FrameSampler.sample(video, sampling);
    }

    /** Frames must halve cleanly through the VAE and every U-Net level. */
    private void checkSize(int width, int height) {
        int multiple = vae.config().downsampleFactor() * (1 << (model.configs().unet().levels() - 1));
        if (width % multiple != 0 || height % multiple != 0) {
            throw new IllegalArgumentException("width and height must be multiples of " + multiple
                    + " for this model, got " + width + "x" + height);
        }
    }

    private FloatTensor encode(Video frames, boolean posteriorMean, long seed) {
        checkSize(frames.width(), frames.height());
        FloatTensor pixels = FrameTensors.toTensor(frames);
        long[] s = pixels.shape().getShape();
        int factor = vae.config().downsampleFactor();
        Optional<FloatTensor> noise = posteriorMean ? Optional.empty()
                : Optional.of(new SeededNoise(seed).gaussian(Purpose.POSTERIOR_SAMPLE, 0, new ai.djl.ndarray.types.Shape(
                        s[0] * s[2], vae.config().latentChannels(), s[3] / factor, s[4] / factor)));
        return VideoLatents.encode(vae, pixels, noise);
    }

    private FloatTensor encodeText(String prompt) {
        return textEncoder.encode(new int[][] {tokenizer.encode(prompt).ids()});
    }

    private static DenoisingObserver progress(String stage, int total, ProgressListener listener) {
        return (i, t, out, x) -> listener.onProgress(new ProgressEvent(stage, i + 1, total, Map.of("timestep",
                (double) t)));
    }

    private static String jobKey(String fingerprint, String prompt, TuneSettings settings, FloatTensor latents) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((fingerprint + "\n" + prompt + "\n" + settings.withSteps(1)).getBytes(StandardCharsets.UTF_8));
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * latents.size());
            b.asFloatBuffer().put(latents.buffer());
            sha.update(b);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void close() {
        try {
            textEncoder.close();
            vae.close();
            model.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (ownsBackend) {
                backend.close();
            }
        }
    }

    @Override
    public String toString() {
        return "TuneAVideoPipeline[" + model.describe() + " on " + backend.name() + "]";
    }
}
