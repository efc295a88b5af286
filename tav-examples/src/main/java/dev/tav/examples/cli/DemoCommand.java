package dev.tav.examples.cli;

import dev.tav.examples.shapes.Appearance;
import dev.tav.examples.shapes.Background;
import dev.tav.examples.shapes.Colour;
import dev.tav.examples.shapes.Shape;
import dev.tav.examples.shapes.ShapeVideo;
import dev.tav.examples.shapes.Size;
import dev.tav.examples.shapes.Trajectory;
import dev.tav.pipeline.EditRequest;
import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.pipeline.TuneRequest;
import dev.tav.pipeline.TuneSettings;
import dev.tav.progress.CancellationToken;
import dev.tav.tuning.TunedModel;
import dev.tav.video.Video;
import dev.tav.video.VideoGrid;
import dev.tav.video.VideoMetadata;
import dev.tav.video.VideoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tav demo}: the whole Tune-A-Video job on the embedded shapes-world model — tune on a generated clip of a
 * red circle moving right, invert it, generate "a large blue square moving right on a pink background", write
 * GIFs. Any other model can be given with {@code --model}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole job on the embedded shapes-world model: tune on a generated clip of a large red"
                + " circle moving right on a white background, invert it, generate 'a large blue square moving right"
                + " on a pink background', write source, edited and grid GIFs."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PATH",
            description = "Stable Diffusion model (default: the embedded " + EmbeddedModel.FOLDER + ")")
    Path model;

    @Option(names = "--output", defaultValue = "demo-output", paramLabel = "DIR",
            description = "where the GIFs and tuned weights go (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--tune-steps", defaultValue = "100", description = "tuning steps (default ${DEFAULT-VALUE})")
    int tuneSteps;

    @Option(names = "--tune-lr", defaultValue = "1e-4", description = "tuning learning rate (default ${DEFAULT-VALUE})")
    double tuneLearningRate;

    @Option(names = "--steps", defaultValue = "25", description = "inversion and sampling steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--guidance", defaultValue = "7.5", description = "guidance scale (default ${DEFAULT-VALUE})")
    double guidance;

    @Option(names = "--prompt", defaultValue = EDIT_PROMPT, description = "the edited prompt (default: ${DEFAULT-VALUE})")
    String prompt;

    @Option(names = "--size", defaultValue = "64", description = "frame size in pixels (default ${DEFAULT-VALUE})")
    int size;

    static final Appearance SOURCE = Appearance.of(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE);
    static final String SOURCE_PROMPT = SOURCE.caption(Trajectory.RIGHT);
    static final String EDIT_PROMPT = "a large blue square moving right on a pink background";

    @Override
    public Integer call() throws Exception {
        Path modelPath = EmbeddedModel.resolve(model);
        Files.createDirectories(output);
        Video clip = new ShapeVideo(SOURCE, Trajectory.RIGHT, 8, size).toVideo();
        TuneSettings settings = TuneSettings.defaults().withSampling(new FrameSampling(8, 0, 1, size, size))
                .withSteps(tuneSteps).withCheckpointEvery(Math.max(1, tuneSteps / 2))
                .withLearningRate(tuneLearningRate);
        EditSettings edit = EditSettings.defaults().withSteps(steps).withInversion(true, steps)
                .withGuidanceScale(guidance);
        long start = System.nanoTime();
        try (TuneAVideoPipeline tav = TuneAVideoPipeline.open(modelPath)) {
            System.out.println("model: " + modelPath + " on backend " + tav.backendName());
            TunedModel tuned = tav.tune(new TuneRequest(clip, SOURCE_PROMPT, settings, output.resolve("tuned")),
                    ConsoleProgress.bar(), CancellationToken.none());
            Video edited = tav.edit(tuned, new EditRequest(clip, prompt, edit), ConsoleProgress.bar(),
                    CancellationToken.none());
            VideoWriter.write(clip, output.resolve("source.gif"), VideoMetadata.of(SOURCE_PROMPT, 0, ""));
            VideoWriter.write(edited, output.resolve("edited.gif"),
                    VideoMetadata.of(prompt, edit.seed(), edit.toString()));
            VideoWriter.write(VideoGrid.of(List.of(clip, edited)), output.resolve("grid.gif"),
                    VideoMetadata.of(SOURCE_PROMPT + " | " + prompt, edit.seed(), edit.toString()));
        }
        System.out.printf("wrote %s/{source,edited,grid}.gif and %s in %.1f s%n", output,
                output.resolve("tuned").resolve(TuneAVideoPipeline.TUNED_FILE), (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
