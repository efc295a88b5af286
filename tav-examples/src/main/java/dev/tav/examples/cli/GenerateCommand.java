package dev.tav.examples.cli;

import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.progress.CancellationToken;
import dev.tav.tuning.TunedModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tav generate}: a video from a tuned model and a prompt, starting from seeded noise. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates a video from a tuned model and a prompt alone (seeded noise, no source video).")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    GenerationOptions out;

    @Option(names = "--fps", defaultValue = "8", description = "frame rate of the result (default ${DEFAULT-VALUE})")
    double fps;

    @Override
    public Integer call() throws Exception {
        EditSettings settings = new EditSettings(out.steps, out.guidance, false, 1, out.eta, out.seed);
        TunedModel tuned = out.readTuned();
        try (TuneAVideoPipeline tav = out.openPipeline()) {
            out.write(tav.generate(tuned, out.prompt, new FrameSampling(out.frames, 0, 1, out.width, out.height), fps,
                    settings, ConsoleProgress.bar(), CancellationToken.none()), settings);
        }
        return 0;
    }
}
