package dev.tav.examples.pretrain;

import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressEvent;
import dev.tav.progress.ProgressListener;
import dev.tav.spi.TrainerState;
import dev.tav.tuning.TuningCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The loop every pretraining stage shares: resume from the stage's checkpoint, run the remaining updates, stop on a
 * non-finite loss with the last good checkpoint kept, report progress, and checkpoint atomically every
 * {@code checkpointEvery} updates and at the end. Draws depend only on the update index, so a resumed stage ends
 * where an uninterrupted one would.
 */
final class CheckpointedTraining {
    /** One update: returns its metrics, at least {@code loss}. */
    @FunctionalInterface
    interface Update {
        Map<String, Double> run(int index);
    }

    private final String stage;
    private final Path checkpoint;
    private final IntFunction<String> jobKey;
    private final Supplier<TrainerState> state;
    private final Consumer<TrainerState> restore;

    /**
     * @param stage the progress stage name
     * @param checkpoint the stage's checkpoint file
     * @param jobKey identifies the settings that lead to a checkpoint holding the given number of updates; a
     *     checkpoint of other settings is refused
     * @param state reads the trainer's state
     * @param restore restores the trainer's state
     */
    CheckpointedTraining(String stage, Path checkpoint, IntFunction<String> jobKey, Supplier<TrainerState> state,
            Consumer<TrainerState> restore) {
        this.stage = stage;
        this.checkpoint = checkpoint;
        this.jobKey = jobKey;
        this.state = state;
        this.restore = restore;
    }

    /**
     * Runs updates {@code [resumed, steps)}.
     *
     * @return the trainer's final state
     * @throws IllegalStateException if the checkpoint belongs to other settings or holds more updates than
     *     {@code steps}, or if the loss stops being finite
     */
    TrainerState run(int steps, int checkpointEvery, Update update, ProgressListener listener,
            CancellationToken cancel) throws IOException {
        int start = resume(steps);
        long began = System.nanoTime();
        for (int k = start; k < steps; k++) {
            cancel.throwIfCancelled(stage + " update " + (k + 1));
            Map<String, Double> metrics = update.run(k);
            double loss = metrics.get("loss");
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException(stage + " diverged at update " + (k + 1) + " (loss " + loss
                        + "); the last good checkpoint " + checkpoint + " is kept: lower the learning rate and resume");
            }
            int done = k + 1;
            Map<String, Double> shown = new LinkedHashMap<>(metrics);
            shown.put("seconds_left", (System.nanoTime() - began) / 1e9 / (done - start) * (steps - done));
            listener.onProgress(new ProgressEvent(stage, done, steps, shown));
            if (done % checkpointEvery == 0 || done == steps) {
                TrainerState s = state.get();
                new TuningCheckpoint(done, jobKey.apply(done), s.parameters(), s.firstMoments(), s.secondMoments())
                        .write(checkpoint);
            }
        }
        return state.get();
    }

    private int resume(int steps) throws IOException {
        var saved = TuningCheckpoint.read(checkpoint);
        if (saved.isEmpty()) {
            return 0;
        }
        TuningCheckpoint c = saved.get();
        if (c.step() > steps) {
            throw new IllegalStateException(checkpoint + " holds " + c.step() + " updates, more than the " + steps
                    + " asked for");
        }
        String expected = jobKey.apply(c.step());
        if (!c.jobKey().equals(expected)) {
            throw new IllegalStateException(checkpoint + " belongs to other settings (" + c.jobKey() + ", now "
                    + expected + "): delete it or use another work folder");
        }
        restore.accept(new TrainerState(c.step(), c.parameters(), c.firstMoments(), c.secondMoments()));
        return c.step();
    }
}
