package dev.tav.tensorflow.bench;

import ai.djl.ndarray.types.Shape;
import dev.tav.attention.AttentionProcessor;
import dev.tav.model.ModelFormatException;
import dev.tav.model.UNetConfig;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.Backends;
import dev.tav.spi.Timesteps;
import dev.tav.spi.UNetInput;
import dev.tav.spi.UNetModel;
import dev.tav.spi.UNetOptions;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.TensorFlowBackendProvider;
import dev.tav.tensorflow.runtime.NativeRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The U-Net denoising-step benchmark: Stable Diffusion v1.5's U-Net architecture (its published
 * {@code unet/config.json}, embedded) with {@linkplain RandomWeights deterministic random weights}, inflated to
 * Tune-A-Video's video U-Net (temporal attention layers, sparse-causal self-attention), evaluated on the
 * classifier-free-guidance batch for each requested frame count. For each it reports seconds per step (median of the
 * timed steps after warm-up), the step's {@linkplain FlopCount FLOPs}, the achieved rate, the float32 matrix-product
 * rate measured in the same process just before each timed step (median of those samples, so that both figures see
 * the same machine load), their ratio and the peak resident memory of the configuration.
 */
public final class UNetBenchmark {
    /** The embedded Stable Diffusion v1.5 {@code unet/config.json} (runwayml/stable-diffusion-v1-5). */
    static final String SD15_CONFIG = "sd-v1-5-unet-config.json";

    private UNetBenchmark() {}

    /**
     * What to measure.
     *
     * @param frames the frame counts to run, in order, each {@code >= 1}
     * @param batch videos per step ({@code 2}: unconditional and conditional halves of classifier-free guidance)
     * @param latentSize the latent side (pixels / 8), a multiple of 8
     * @param warmupSteps untimed steps per configuration (the first also builds the network), {@code >= 1}
     * @param timedSteps timed steps per configuration, {@code >= 1}
     * @param threads intra-op threads, {@code 0} for one per processor
     * @param attentionChunk attention query chunk in tokens, {@code 0} for none
     * @param matmulSize the side of the reference matrix product
     * @param matmulRuns timed runs of the matrix product before each timed step (their median is that step's sample)
     * @param seed the seed of weights and inputs
     */
    public record Settings(List<Integer> frames, int batch, int latentSize, int warmupSteps, int timedSteps,
            int threads, int attentionChunk, int matmulSize, int matmulRuns, long seed) {
        /** Validates and copies the components. */
        public Settings {
            frames = List.copyOf(frames);
            if (frames.isEmpty() || frames.stream().anyMatch(f -> f < 1)) {
                throw new IllegalArgumentException("frames must list frame counts >= 1, got " + frames);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            }
            if (latentSize < 8 || latentSize % 8 != 0) {
                throw new IllegalArgumentException("latent size must be a positive multiple of 8, got " + latentSize);
            }
            if (warmupSteps < 1 || timedSteps < 1) {
                throw new IllegalArgumentException("warm-up and timed steps must be >= 1, got " + warmupSteps + " and "
                        + timedSteps);
            }
            if (threads < 0 || attentionChunk < 0) {
                throw new IllegalArgumentException("threads and attention chunk must be >= 0, got " + threads
                        + " and " + attentionChunk);
            }
            if (matmulSize < 1 || matmulRuns < 1) {
                throw new IllegalArgumentException("matmul size and runs must be >= 1, got " + matmulSize + " and "
                        + matmulRuns);
            }
        }

        /** @return the documented run: frames 1, 8, 16; batch 2; 32×32 latents; 1 warm-up, 3 timed steps */
        public static Settings defaults() {
            return new Settings(List.of(1, 8, 16), 2, 32, 1, 3, 0, BackendOptions.defaults().attentionQueryChunk(),
                    2048, 7, 0);
        }
    }

    /**
     * One configuration's figures.
     *
     * @param frames frames per video
     * @param batch videos per step
     * @param latentSize latent side
     * @param secondsPerStep median seconds of the timed steps
     * @param firstStepSeconds seconds of the first step (network build and first run)
     * @param flops the step's FLOPs
     * @param matmulGflops the reference matrix-product rate (GFLOP/s): the median of the samples taken before each
     *     timed step
     * @param peakRssBytes the peak resident set size during this configuration (weights included), or -1 where
     *     unknown
     */
    public record Measurement(int frames, int batch, int latentSize, double secondsPerStep, double firstStepSeconds,
            FlopCount flops, double matmulGflops, long peakRssBytes) {
        /** @return the step's FLOPs in units of 10⁹ */
        public double gflop() {
            return flops.total() / 1e9;
        }

        /** @return the achieved rate in GFLOP/s */
        public double gflops() {
            return gflop() / secondsPerStep;
        }

        /** @return the achieved rate as a fraction of the matrix-product rate */
        public double ratio() {
            return gflops() / matmulGflops;
        }

        /**
         * How much longer this configuration's step took than {@code other}'s at equal machine speed: the ratio of
         * step times, each multiplied by the matrix-product rate sampled with it, so that a change of machine load
         * between the two configurations cancels. Equals the FLOP ratio when both reach the same fraction of the
         * matrix-product rate.
         *
         * @param other the configuration compared with
         * @return {@code (secondsPerStep · matmulGflops) / (other.secondsPerStep · other.matmulGflops)}
         */
        public double timeRatioAtEqualSpeed(Measurement other) {
            return secondsPerStep * matmulGflops / (other.secondsPerStep * other.matmulGflops);
        }

        /** @return the peak resident memory in MiB, or -1 where unknown */
        public double peakRssMb() {
            return peakRssBytes < 0 ? -1 : peakRssBytes / (1024.0 * 1024.0);
        }

        /** @return the machine-readable line: {@code RESULT bench=unet frames=… batch=… latent=… …} */
        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT bench=unet frames=%d batch=%d latent=%d sec_per_step=%.3f"
                    + " gflop=%.1f gflops=%.1f matmul_gflops=%.1f ratio=%.3f peak_rss_mb=%.0f", frames, batch,
                    latentSize, secondsPerStep, gflop(), gflops(), matmulGflops, ratio(), peakRssMb());
        }
    }

    /**
     * Reads the embedded Stable Diffusion v1.5 U-Net configuration (the 2-D text-to-image model).
     *
     * @return the configuration
     * @throws IOException if the resource cannot be read
     */
    public static UNetConfig sd15Config() throws IOException {
        Path file = Files.createTempFile("tav-sd15-unet", ".json");
        try (InputStream in = UNetBenchmark.class.getResourceAsStream(SD15_CONFIG)) {
            if (in == null) {
                throw new ModelFormatException(null, SD15_CONFIG, "resource missing from the tav-tensorflow jar");
            }
            Files.write(file, in.readAllBytes());
            return UNetConfig.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The Stable Diffusion v1.5 U-Net inflated to Tune-A-Video's video U-Net: the same layers plus a temporal
     * attention layer in every transformer block.
     *
     * @return {@link #sd15Config()} with {@link UNetConfig#video()} set
     * @throws IOException if the resource cannot be read
     */
    public static UNetConfig sd15VideoConfig() throws IOException {
        UNetConfig c = sd15Config();
        return new UNetConfig(true, c.sampleSize(), c.inChannels(), c.outChannels(), c.centerInputSample(),
                c.flipSinToCos(), c.freqShift(), c.crossAttention(), c.blockOutChannels(), c.layersPerBlock(),
                c.downsamplePadding(), c.midBlockScaleFactor(), c.normNumGroups(), c.normEps(),
                c.crossAttentionDim(), c.attentionHeads(), c.useLinearProjection(), c.upcastAttention());
    }

    /**
     * Runs the benchmark, printing progress, one {@code RESULT} line per configuration as soon as it is measured,
     * and a table at the end.
     *
     * @param settings what to measure
     * @param out where lines go
     * @return the measurements, in the order of {@link Settings#frames()}
     * @throws IOException if the configuration resource cannot be read
     */
    public static List<Measurement> run(Settings settings, PrintStream out) throws IOException {
        Objects.requireNonNull(settings, "settings");
        UNetConfig config = sd15VideoConfig();
        BackendOptions options = new BackendOptions(settings.threads(), settings.attentionChunk());
        AttentionProcessor processor = AttentionProcessor.sparseCausal();
        List<Measurement> results = new ArrayList<>();
        try (Backend backend = Backends.provider(TensorFlowBackendProvider.NAME).create(options)) {
            RandomWeights weights = RandomWeights.forUNet(config, settings.seed());
            out.printf(Locale.ROOT, "U-Net: Stable Diffusion v1.5 architecture inflated to video (sparse-causal"
                    + " attention, temporal layers), %d parameters, random weights (seed %d); %d threads, attention"
                    + " chunk %d%n", weights.elementCount(), settings.seed(), options.effectiveThreads(),
                    settings.attentionChunk());
            long start = System.nanoTime();
            try (UNetModel model = backend.loadUNet(config, weights,
                    UNetOptions.tuneAVideo().withAttentionProcessor(processor))) {
                out.printf(Locale.ROOT, "loaded in %.1f s, peak RSS while loading %.0f MiB%n",
                        (System.nanoTime() - start) / 1e9, PeakMemory.peakBytes().orElse(-1) / (1024.0 * 1024.0));
                for (int frames : settings.frames()) {
                    Measurement m = measure(model, config, settings, frames, processor);
                    out.println(m.resultLine());
                    out.flush();
                    results.add(m);
                }
            }
        }
        printTable(results, out);
        return results;
    }

    private static Measurement measure(UNetModel model, UNetConfig config, Settings s, int frames,
            AttentionProcessor processor) {
        SplittableRandom random = new SplittableRandom(s.seed() + frames);
        int size = s.latentSize();
        FloatTensor sample = gaussian(random, new Shape(s.batch(), config.inChannels(), frames, size, size));
        FloatTensor text = gaussian(random, new Shape(s.batch(), 77, config.crossAttentionDim()));
        UNetInput input = UNetInput.of(sample, Timesteps.scalar(500), text);
        PeakMemory.resetPeak();
        double first = 0;
        for (int i = 0; i < s.warmupSteps(); i++) {
            double t = timeStep(model, input);
            first = i == 0 ? t : first;
        }
        double[] seconds = new double[s.timedSteps()];
        double[] matmuls = new double[s.timedSteps()];
        try (MatmulReference reference = MatmulReference.open(s.matmulSize(),
                NativeRuntime.sessionConfig(new BackendOptions(s.threads(), 0).effectiveThreads()))) {
            for (int i = 0; i < seconds.length; i++) {
                matmuls[i] = reference.gflops(s.matmulRuns());
                seconds[i] = timeStep(model, input);
            }
        }
        double matmul = MatmulReference.median(matmuls);
        StepShape shape = StepShape.of(s.batch(), size, 77, processor.context(frames));
        return new Measurement(frames, s.batch(), size, MatmulReference.median(seconds), first,
                FlopCount.of(config, shape), matmul, PeakMemory.peakBytes().orElse(-1));
    }

    private static double timeStep(UNetModel model, UNetInput input) {
        long start = System.nanoTime();
        FloatTensor out = model.predict(input);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!Float.isFinite(out.get(0))) {
            throw new IllegalStateException("the U-Net produced a non-finite value: the benchmark is invalid");
        }
        return seconds;
    }

    private static FloatTensor gaussian(SplittableRandom random, Shape shape) {
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return FloatTensor.wrap(shape, v);
    }

    private static void printTable(List<Measurement> results, PrintStream out) {
        out.println();
        out.println("frames  batch  latent  s/step  first s   GFLOP  GFLOP/s  matmul GFLOP/s  ratio  peak RSS MiB");
        for (Measurement m : results) {
            out.printf(Locale.ROOT, "%6d  %5d  %6d  %6.2f  %7.1f  %6.0f  %7.1f  %14.1f  %5.2f  %12.0f%n",
                    m.frames(), m.batch(), m.latentSize(), m.secondsPerStep(), m.firstStepSeconds(), m.gflop(),
                    m.gflops(), m.matmulGflops(), m.ratio(), m.peakRssMb());
        }
        Measurement eight = find(results, 8);
        Measurement sixteen = find(results, 16);
        if (eight != null && sixteen != null) {
            out.printf(Locale.ROOT, "time(16)/time(8) = %.2f (FLOPs(16)/FLOPs(8) = %.2f; at equal matrix-product"
                    + " rates %.2f)%n", sixteen.secondsPerStep() / eight.secondsPerStep(),
                    sixteen.gflop() / eight.gflop(), sixteen.timeRatioAtEqualSpeed(eight));
        }
    }

    private static Measurement find(List<Measurement> results, int frames) {
        return results.stream().filter(m -> m.frames() == frames).findFirst().orElse(null);
    }
}
