package dev.tav.examples.cli;

import dev.tav.spi.BackendOptions;
import dev.tav.tensorflow.bench.UNetBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tav bench unet}: the U-Net denoising-step benchmark (see {@code docs/performance.md}). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Performance benchmarks; each prints one machine-readable RESULT line per configuration.",
        subcommands = {BenchCommand.UNet.class, QualityCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code tav bench unet}. */
    @Command(name = "unet", mixinStandardHelpOptions = true,
            description = {"Times the denoising step of Stable Diffusion v1.5's U-Net architecture (random weights,"
                    + " no download) inflated to Tune-A-Video's video U-Net with sparse-causal attention, on a"
                    + " classifier-free-guidance batch, and compares its FLOP rate with a float32 matrix product"
                    + " measured in the same process.",
                    "Prints per frame count: RESULT bench=unet frames= batch= latent= sec_per_step= gflop= gflops="
                    + " matmul_gflops= ratio= peak_rss_mb=, then a table."})
    static final class UNet implements Callable<Integer> {
        @Option(names = "--frames", split = ",", paramLabel = "N", defaultValue = "1,8,16",
                description = "frame counts to run, in order (default: ${DEFAULT-VALUE})")
        List<Integer> frames;

        @Option(names = "--batch", paramLabel = "B", defaultValue = "2",
                description = "videos per step; 2 = classifier-free guidance (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--latent", paramLabel = "S", defaultValue = "32",
                description = "latent side = pixels / 8, a multiple of 8 (default: ${DEFAULT-VALUE}, i.e. 256x256)")
        int latent;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
                description = "untimed steps per configuration; the first builds the network, the second is still "
                        + "slower than later ones (default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "5",
                description = "timed steps per configuration; the median is reported (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
                description = "intra-op threads; 0 = one per processor (default)")
        int threads;

        @Option(names = "--attention-chunk", paramLabel = "TOKENS", defaultValue = "-1",
                description = "attention query chunk in tokens, 0 = no chunking (default: the backend default)")
        int attentionChunk;

        @Option(names = "--matmul-size", paramLabel = "N", defaultValue = "2048",
                description = "side of the reference float32 matrix product (default: ${DEFAULT-VALUE})")
        int matmulSize;

        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
                description = "seed of the random weights and inputs (default: ${DEFAULT-VALUE})")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            UNetBenchmark.Settings settings;
            try {
                settings = settings();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            UNetBenchmark.run(settings, System.out);
            return 0;
        }

        /** @return the benchmark settings these options describe */
        UNetBenchmark.Settings settings() {
            return new UNetBenchmark.Settings(frames, batch, latent, warmup, steps, threads,
                    attentionChunk < 0 ? BackendOptions.defaults().attentionQueryChunk() : attentionChunk,
                    matmulSize, UNetBenchmark.Settings.defaults().matmulRuns(), seed);
        }
    }
}
