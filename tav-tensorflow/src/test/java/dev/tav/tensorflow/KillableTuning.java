package dev.tav.tensorflow;

import dev.tav.model.StableDiffusionModel;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.pipeline.TuneRequest;
import dev.tav.pipeline.TuneSettings;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.Backends;
import dev.tav.video.Video;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One small Tune-A-Video tuning job on the tiny fixture model, run in a separate JVM by {@link KillResumeTest} so that
 * it can be killed with SIGKILL. {@code main(outputDir)} tunes (or resumes) into {@code outputDir} and reports on
 * standard output, one line each: {@code step K} when step {@code K} is computed (for a checkpoint step, just before
 * its checkpoint is written), {@code checkpointed K} once checkpoint {@code K} is on disk, {@code done} at the end.
 */
final class KillableTuning {
    /** Optimisation steps of the job. */
    static final int STEPS = 10;
    /** A checkpoint every this many steps. */
    static final int EVERY = 2;
    static final TuneSettings SETTINGS = TuneSettings.defaults().withSampling(new FrameSampling(3, 0, 1, 64, 64))
            .withSteps(STEPS).withCheckpointEvery(EVERY).withLearningRate(1e-3).withSeed(5);

    private KillableTuning() {}

    /** @param args the output folder */
    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        tune(Path.of(args[0]), e -> {
            long k = e.step();
            if (k > 1 && (k - 1) % EVERY == 0) {
                out.println("checkpointed " + (k - 1));
            }
            out.println("step " + k);
            out.flush();
        });
        out.println("checkpointed " + STEPS);
        out.println("done");
        out.flush();
    }

    /**
     * Runs the job to the end, resuming from a checkpoint in {@code outputDir} if there is one.
     *
     * @param outputDir where the checkpoint and the tuned file go
     * @param listener receives the {@code "tune"} progress events
     */
    static void tune(Path outputDir, ProgressListener listener) throws IOException {
        try (Backend backend = Backends.provider("tensorflow").create(BackendOptions.defaults());
                TuneAVideoPipeline tav = TuneAVideoPipeline.open(
                        StableDiffusionModel.open(Fixtures.resolve("models/tiny-sd")), backend)) {
            tav.tune(new TuneRequest(Videos.movingSquare(3, 64, 64, 8), "a red square moving right", SETTINGS,
                    outputDir), listener, CancellationToken.none());
        }
    }
}
