package dev.tav.examples.pretrain;

import ai.djl.ndarray.types.DataType;
import dev.tav.examples.shapes.ShapeVocabulary;
import dev.tav.model.TextEncoderConfig;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.spi.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tav.tensor.FloatTensor;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pretrains the shapes-world text-to-image model in the diffusers layout with the project's own trainers: the world's
 * tokenizer; a CLIP text encoder kept frozen at its seeded initial weights (SD keeps CLIP frozen too); an
 * autoencoder ({@link VaeStage}); a U-Net on still pictures ({@link UNetStage}); then a half-precision copy.
 *
 * <p>Everything lives in a work folder: the float32 model under {@code model/}, each stage's initial weights and
 * checkpoint. Running again with the same settings resumes where the last run stopped (a finished stage is skipped,
 * a stage in progress continues from its checkpoint and ends as an uninterrupted run would).
 */
public final class ShapesPretraining {
    /** The text encoder's token table, scaled by {@link PretrainSettings#tokenEmbeddingScale()}. */
    static final String TOKEN_EMBEDDING = "text_model.embeddings.token_embedding.weight";

    private final Backend backend;
    private final Path work;
    private final PretrainSettings settings;

    /**
     * @param backend computes the training
     * @param work the work folder (created if absent)
     * @param settings the schedule
     */
    public ShapesPretraining(Backend backend, Path work, PretrainSettings settings) {
        this.backend = backend;
        this.work = work;
        this.settings = settings;
    }

    /** @return the float32 model folder inside the work folder */
    public Path model() {
        return work.resolve("model");
    }

    /**
     * Runs (or resumes) every stage and writes the half-precision model to {@code output}.
     *
     * @param output the exported model folder; replaced when the run completes
     * @param listener receives per-update progress (stages {@code vae}, {@code unet})
     * @param cancel stops the run between updates (the checkpoints stay)
     * @throws IOException if a file cannot be read or written
     */
    public void run(Path output, ProgressListener listener, CancellationToken cancel) throws IOException {
        Path model = model();
        if (!Files.exists(model.resolve("model_index.json"))) {
            ModelSkeleton.write(model, ShapeVocabulary.forWorld());
        }
        Path text = model.resolve(ModelSkeleton.TEXT_WEIGHTS);
        if (!Files.exists(text)) {
            TextEncoderConfig config = TextEncoderConfig.read(model.resolve("text_encoder/config.json"));
            Map<String, FloatTensor> weights = new HashMap<>(backend.initialWeights(config, settings.seed()));
            weights.computeIfPresent(TOKEN_EMBEDDING, (name, t) -> scaled(t, settings.tokenEmbeddingScale()));
            ModelSkeleton.writeWeights(text, weights, DataType.FLOAT32);
        }
        refuseAutoencoderChangeUnderUNet(model);
        VaeStage.run(backend, model, work, settings, listener, cancel);
        UNetStage.run(backend, model, work, settings, listener, cancel);
        Path staging = output.resolveSibling(output.getFileName() + ".partial");
        delete(staging);
        ModelSkeleton.exportHalf(model, staging);
        delete(output);
        Files.move(staging, output);
    }

    /**
     * The U-Net learns the latents of one autoencoder: once its stage has begun, training the autoencoder further
     * (or again) would leave it on latents it never saw, so that is refused before anything changes.
     */
    private void refuseAutoencoderChangeUnderUNet(Path model) throws IOException {
        int autoencoder = ModelSkeleton.updates(model.resolve(ModelSkeleton.VAE_WEIGHTS));
        if (autoencoder == settings.vaeSteps()) {
            return;
        }
        for (Path unet : List.of(model.resolve(ModelSkeleton.UNET_WEIGHTS), work.resolve(UNetStage.CHECKPOINT))) {
            if (Files.exists(unet)) {
                throw new IllegalStateException(unet + " was trained on " + (autoencoder < 0
                        ? "an autoencoder no longer in " + model.resolve(ModelSkeleton.VAE_WEIGHTS)
                        : "the autoencoder of " + autoencoder + " updates") + "; training the autoencoder to "
                        + settings.vaeSteps() + " updates would leave the U-Net on latents it never saw: use a new"
                        + " work folder, or delete " + model.resolve(ModelSkeleton.UNET_WEIGHTS) + " and "
                        + work.resolve(UNetStage.CHECKPOINT) + " to train the U-Net again");
            }
        }
    }

    private static FloatTensor scaled(FloatTensor t, double factor) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= (float) factor;
        }
        return FloatTensor.wrap(t.shape(), v);
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
