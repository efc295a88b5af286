package dev.tav.examples.cli;

import dev.tav.pipeline.EditRequest;
import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.progress.CancellationToken;
import dev.tav.tuning.TunedModel;
import dev.tav.video.FrameSampler;
import dev.tav.video.Video;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tav edit}: a new video from a tuned model, keeping the source video's motion. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Generates a video from a tuned model and an edited prompt, starting from the DDIM inversion"
                + " of the source video (or from seeded noise with --no-inversion).")
final class EditCommand implements Callable<Integer> {
    @Mixin
    GenerationOptions out;

    @Option(names = "--video", required = true, paramLabel = "PATH", description = "source video (MP4, GIF, image folder)")
    Path video;

    @Option(names = "--start", defaultValue = "0", description = "first source frame (default ${DEFAULT-VALUE})")
    int start;

    @Option(names = "--stride", defaultValue = "2", description = "source frame step (default ${DEFAULT-VALUE})")
    int stride;

    @Option(names = "--inversion-steps", defaultValue = "50", description = "inversion steps (default ${DEFAULT-VALUE})")
    int inversionSteps;

    @Option(names = "--no-inversion", description = "start from seeded noise instead of the inverted source")
    boolean noInversion;

    @Override
    public Integer call() throws Exception {
        EditSettings settings = new EditSettings(out.steps, out.guidance, !noInversion, inversionSteps, out.eta,
                out.seed);
        Video source = FrameSampler.read(video, new FrameSampling(out.frames, start, stride, out.width, out.height));
        TunedModel tuned = out.readTuned();
        try (TuneAVideoPipeline tav = out.openPipeline()) {
            out.write(tav.edit(tuned, new EditRequest(source, out.prompt, settings), ConsoleProgress.bar(),
                    CancellationToken.none()), settings);
        }
        return 0;
    }
}
