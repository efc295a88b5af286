package dev.tav.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.spi.BackendOptions;
import dev.tav.tensorflow.bench.UNetBenchmark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class BenchCommandTest {
    private static UNetBenchmark.Settings parse(String... args) {
        ParseResult result = TavCommand.commandLine().parseArgs(args);
        BenchCommand.UNet unet = (BenchCommand.UNet) result.subcommand().subcommand().commandSpec().userObject();
        return unet.settings();
    }

    @Test
    void defaults_are_the_documented_run() {
        UNetBenchmark.Settings s = parse("bench", "unet");

        assertThat(s.frames()).containsExactly(1, 8, 16);
        assertThat(s.batch()).isEqualTo(2);
        assertThat(s.latentSize()).isEqualTo(32);
        assertThat(s.warmupSteps()).isEqualTo(2);
        assertThat(s.timedSteps()).isEqualTo(5);
        assertThat(s.attentionChunk()).isEqualTo(BackendOptions.defaults().attentionQueryChunk());
        assertThat(s.matmulSize()).isEqualTo(2048);
    }

    @Test
    void every_option_reaches_the_settings() {
        UNetBenchmark.Settings s = parse("bench", "unet", "--frames", "2,4", "--batch", "1", "--latent", "64",
                "--warmup", "2", "--steps", "5", "--threads", "1", "--attention-chunk", "0", "--matmul-size", "1024",
                "--seed", "9");

        assertThat(s).isEqualTo(new UNetBenchmark.Settings(List.of(2, 4), 1, 64, 2, 5, 1, 0, 1024,
                UNetBenchmark.Settings.defaults().matmulRuns(), 9));
    }

    @Test
    void invalid_values_are_rejected_naming_the_setting() {
        StringWriter err = new StringWriter();
        CommandLine cli = TavCommand.commandLine();
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("bench", "unet", "--latent", "30")).isEqualTo(2);
        assertThat(err.toString()).contains("latent size must be a positive multiple of 8, got 30");
    }
}
