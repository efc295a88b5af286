package dev.tav.pipeline;

import dev.tav.internal.AtomicFiles;
import dev.tav.model.ModelFormatException;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressEvent;
import dev.tav.progress.ProgressListener;
import dev.tav.schedule.NoiseSchedule;
import dev.tav.schedule.PredictionType;
import dev.tav.spi.TrainerState;
import dev.tav.spi.TrainingStep;
import dev.tav.spi.UNetTrainer;
import dev.tav.tensor.FloatTensor;
import dev.tav.tuning.SeededNoise;
import dev.tav.tuning.SeededNoise.Purpose;
import dev.tav.tuning.TuningCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tune-A-Video optimisation loop: at step {@code k} it draws noise and a uniform timestep from
 * {@link SeededNoise} (a pure function of the seed and {@code k}), noises the video latents, regresses the U-Net
 * onto the noise (ε-prediction) or the velocity (v-prediction), and lets the trainer apply AdamW. Every
 * {@code checkpointEvery} steps and at the end it writes an atomic {@link TuningCheckpoint}; a run that finds a
 * checkpoint of the same job resumes from it and ends with the same weights as an uninterrupted run, also after the
 * process was killed at any moment (the checkpoint is replaced by an atomic rename; a temporary file left by a kill
 * during a write is deleted when the run starts and never read). A non-finite
 * loss, gradient norm or parameter stops the run with an error and leaves the last good checkpoint in place.
 *
 * @param schedule the training noise schedule
 * @param predictionType what the U-Net predicts
 * @param settings the tuning settings (steps, learning rate, seed, checkpoint interval)
 * @param checkpoint the checkpoint file of this job
 * @param jobKey identifies the job; a checkpoint of another job is refused
 */
public record TuningRun(NoiseSchedule schedule, PredictionType predictionType, TuneSettings settings,
        Path checkpoint, String jobKey) {
    private static final Logger LOG = LoggerFactory.getLogger(TuningRun.class);

    /** Checks that nothing is null. */
    public TuningRun {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(predictionType, "predictionType");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(jobKey, "jobKey");
    }

    /**
     * Runs (or resumes) the loop to {@code settings.steps()}.
     *
     * @param trainer the U-Net being tuned
     * @param latents the scaled video latents {@code [1, C, F, h, w]}
     * @param textStates the caption's text states {@code [1, tokens, width]}
     * @param listener receives {@code "tune"} progress with the step's loss
     * @param cancel checked before every step; a cancelled run keeps its last checkpoint
     * @return the trainer's final state
     * @throws ModelFormatException if the checkpoint file belongs to another job or is corrupt
     * @throws IllegalStateException if the loss, gradient or parameters become NaN or infinite
     * @throws java.util.concurrent.CancellationException if cancelled
     * @throws IOException if a checkpoint cannot be written
     */
    public TrainerState run(UNetTrainer trainer, FloatTensor latents, FloatTensor textStates,
            ProgressListener listener, CancellationToken cancel) throws IOException {
        int start = resume(trainer);
        SeededNoise random = new SeededNoise(settings.seed());
        float[] x0 = latents.toArray();
        long began = System.nanoTime();
        for (int k = start; k < settings.steps(); k++) {
            cancel.throwIfCancelled("tuning step " + (k + 1));
            float[] noise = random.gaussian(Purpose.TRAINING_NOISE, k, latents.shape()).toArray();
            int t = random.uniform(Purpose.TRAINING_TIMESTEP, k, schedule.numTrainTimesteps());
            FloatTensor noisy = FloatTensor.wrap(latents.shape(), schedule.addNoise(x0, noise, t));
            FloatTensor target = FloatTensor.wrap(latents.shape(),
                    predictionType.target(x0, noise, schedule.alphaCumprod(t)));
            TrainingStep step = trainer.step(noisy, t, textStates, target, settings.learningRate());
            if (!Double.isFinite(step.loss()) || !Double.isFinite(step.gradientNorm())) {
                throw new IllegalStateException("tuning diverged at step " + (k + 1) + " (loss " + step.loss()
                        + ", gradient norm " + step.gradientNorm() + "); the last good checkpoint " + checkpoint
                        + " is kept: lower the learning rate and resume");
            }
            int done = k + 1;
            double seconds = (System.nanoTime() - began) / 1e9;
            listener.onProgress(new ProgressEvent("tune", done, settings.steps(), Map.of("loss", step.loss(),
                    "seconds_left", seconds / (done - start) * (settings.steps() - done))));
            if (done % settings.checkpointEvery() == 0 || done == settings.steps()) {
                save(trainer.state());
            }
        }
        return trainer.state();
    }

    private int resume(UNetTrainer trainer) throws IOException {
        // A run killed while writing a checkpoint leaves a temporary file beside it; only the renamed file counts.
        AtomicFiles.deleteStaleTemporaries(checkpoint);
        Optional<TuningCheckpoint> found = TuningCheckpoint.read(checkpoint);
        if (found.isEmpty()) {
            return 0;
        }
        TuningCheckpoint c = found.get();
        if (!c.jobKey().equals(jobKey)) {
            throw new ModelFormatException(checkpoint, "tav.job", "belongs to another tuning job (other model, video,"
                    + " prompt or settings); move it away or choose another output folder");
        }
        if (c.step() > settings.steps()) {
            throw new ModelFormatException(checkpoint, "tav.step", "is at step " + c.step() + ", past the "
                    + settings.steps() + " steps asked for");
        }
        trainer.restore(new TrainerState(c.step(), c.parameters(), c.firstMoments(), c.secondMoments()));
        LOG.info("resuming tuning from {} at step {}", checkpoint, c.step());
        return c.step();
    }

    private void save(TrainerState state) throws IOException {
        for (Map.Entry<String, FloatTensor> e : state.parameters().entrySet()) {
            FloatTensor t = e.getValue();
            for (int i = 0; i < t.size(); i++) {
                if (!Float.isFinite(t.get(i))) {
                    throw new IllegalStateException("tuning diverged: parameter " + e.getKey() + " is no longer"
                            + " finite at step " + state.updates() + "; the last good checkpoint " + checkpoint
                            + " is kept");
                }
            }
        }
        new TuningCheckpoint(state.updates(), jobKey, state.parameters(), state.firstMoments(),
                state.secondMoments()).write(checkpoint);
    }
}
