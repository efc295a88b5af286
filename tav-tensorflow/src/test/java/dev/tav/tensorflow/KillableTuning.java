package dev.tav.tensorflow;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
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
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
            tav.tune(new TuneRequest(video(), "a red square moving right", SETTINGS, outputDir), listener,
                    CancellationToken.none());
        }
    }

    /** @return a red square moving right over 3 frames of 64×64 pixels */
    private static Video video() {
        List<Image> frames = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 64, 64);
            g.setColor(Color.RED);
            g.fillRect(4 + 8 * f, 20, 24, 24);
            g.dispose();
            frames.add(ImageFactory.getInstance().fromImage(img));
        }
        return new Video(frames, 8);
    }
}
