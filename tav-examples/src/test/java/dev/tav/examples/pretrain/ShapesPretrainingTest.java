package dev.tav.examples.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.examples.shapes.Appearance;
import dev.tav.examples.shapes.Background;
import dev.tav.examples.shapes.Colour;
import dev.tav.examples.shapes.Shape;
import dev.tav.examples.shapes.ShapeVideo;
import dev.tav.examples.shapes.Size;
import dev.tav.examples.shapes.Trajectory;
import dev.tav.model.SafetensorsWeights;
import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.pipeline.TuneRequest;
import dev.tav.pipeline.TuneSettings;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.spi.Backend;
import dev.tav.spi.Backends;
import dev.tav.tuning.TunedModel;
import dev.tav.video.Video;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesPretrainingTest {
    private static final PretrainSettings SHORT = new PretrainSettings(3, 2, 1e-3, 0.01, 3, 2, 5e-4, 0, 0.5, 1, 3, 1, 0, 0);
    private static Backend backend;

    @TempDir
    Path dir;

    @BeforeAll
    static void openBackend() {
        backend = Backends.create();
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void a_short_run_writes_a_half_precision_model_that_tav_tunes_and_samples() throws Exception {
        Path out = dir.resolve("model");
        new ShapesPretraining(backend, dir.resolve("work"), SHORT).run(out, ProgressListener.none(),
                CancellationToken.none());
        try (SafetensorsWeights unet = SafetensorsWeights.open(out.resolve(ModelSkeleton.UNET_WEIGHTS))) {
            assertThat(unet.find(unet.names().get(0)).orElseThrow().dtypeName()).isEqualTo("F16");
        }
        Video clip = new ShapeVideo(Appearance.of(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE),
                Trajectory.RIGHT, 4, 64).toVideo();
        FrameSampling sampling = new FrameSampling(4, 0, 1, 64, 64);
        try (TuneAVideoPipeline tav = TuneAVideoPipeline.open(out)) {
            TunedModel tuned = tav.tune(new TuneRequest(clip, "a large red circle moving right on a white background",
                    TuneSettings.defaults().withSampling(sampling).withSteps(1), dir.resolve("tuned")),
                    ProgressListener.none(), CancellationToken.none());
            Video video = tav.generate(tuned, "a large blue square moving right on a black background", sampling, 8,
                    EditSettings.defaults().withSteps(2), ProgressListener.none(), CancellationToken.none());
            assertThat(video.frameCount()).isEqualTo(4);
            assertThat(video.width()).isEqualTo(64);
        }
    }

    @Test
    void a_finished_run_asked_for_more_updates_continues_to_what_a_longer_run_gives() throws Exception {
        PretrainSettings longer = new PretrainSettings(3, 2, 1e-3, 0.01, 5, 2, 5e-4, 0, 0.5, 1, 3, 1, 0, 0);
        Path straight = train("a", "straight", longer);
        Path extended = train("b", "extended", SHORT, longer);
        assertThat(unetBytes(extended)).isEqualTo(unetBytes(straight));
        assertThatThrownBy(() -> train("b", "extended", SHORT)).hasMessageContaining("more than the 3 asked for");
    }

    @Test
    void a_finished_constant_rate_run_cools_down_to_what_a_run_with_the_cool_down_gives() throws Exception {
        PretrainSettings cooled = new PretrainSettings(3, 2, 1e-3, 0.01, 3, 2, 5e-4, 0, 0.5, 1, 3, 1, 2, 0);
        Path straight = train("a", "straight", cooled);
        Path later = train("b", "later", SHORT, cooled);
        assertThat(unetBytes(later)).isEqualTo(unetBytes(straight));
        PretrainSettings longer = new PretrainSettings(3, 2, 1e-3, 0.01, 3, 2, 5e-4, 0, 0.5, 1, 3, 1, 3, 0);
        assertThatThrownBy(() -> train("b", "later", longer)).hasMessageContaining("belongs to other settings");
    }

    @Test
    void more_autoencoder_updates_under_a_trained_unet_are_refused_before_anything_changes() throws Exception {
        PretrainSettings moreAutoencoder = new PretrainSettings(4, 2, 1e-3, 0.01, 3, 2, 5e-4, 0, 0.5, 1, 3, 1, 0, 0);
        train("a", "first", SHORT);
        Path model = dir.resolve("a").resolve("model");
        byte[] autoencoder = Files.readAllBytes(model.resolve(ModelSkeleton.VAE_WEIGHTS));
        assertThatThrownBy(() -> train("a", "second", moreAutoencoder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the autoencoder of 3 updates").hasMessageContaining("to 4 updates")
                .hasMessageContaining(UNetStage.CHECKPOINT);
        assertThat(Files.readAllBytes(model.resolve(ModelSkeleton.VAE_WEIGHTS))).isEqualTo(autoencoder);
        assertThat(dir.resolve("second")).doesNotExist();

        Files.delete(model.resolve(ModelSkeleton.UNET_WEIGHTS));
        assertThatThrownBy(() -> train("a", "second", moreAutoencoder)).hasMessageContaining(UNetStage.CHECKPOINT);
        Files.delete(dir.resolve("a").resolve(UNetStage.CHECKPOINT));
        assertThat(unetBytes(train("a", "second", moreAutoencoder))).isEqualTo(unetBytes(train("b", "straight",
                moreAutoencoder)));
    }

    @Test
    void an_object_loss_weight_trains_a_different_unet() throws Exception {
        PretrainSettings weighted = new PretrainSettings(3, 2, 1e-3, 0.01, 3, 2, 5e-4, 0, 0.5, 1, 3, 1, 0, 4);
        Path plain = train("a", "plain", SHORT);
        Path object = train("b", "object", weighted);
        assertThat(Files.readAllBytes(object.resolve(ModelSkeleton.VAE_WEIGHTS)))
                .isEqualTo(Files.readAllBytes(plain.resolve(ModelSkeleton.VAE_WEIGHTS)));
        assertThat(unetBytes(object)).isNotEqualTo(unetBytes(plain));
    }

    @Test
    void the_token_scale_multiplies_the_seeded_token_embeddings_and_nothing_else() throws Exception {
        PretrainSettings scaled = new PretrainSettings(1, 2, 1e-3, 0.01, 1, 2, 5e-4, 0, 0.5, 1, 3, 10, 0, 0);
        ShapesPretraining plain = new ShapesPretraining(backend, dir.resolve("plain"), SHORT);
        ShapesPretraining tens = new ShapesPretraining(backend, dir.resolve("tens"), scaled);
        CancellationToken stop = new CancellationToken();
        stop.cancel();
        for (ShapesPretraining p : new ShapesPretraining[] {plain, tens}) {
            assertThatThrownBy(() -> p.run(dir.resolve("unused"), ProgressListener.none(), stop))
                    .isInstanceOf(CancellationException.class);
        }
        try (SafetensorsWeights a = SafetensorsWeights.open(plain.model().resolve(ModelSkeleton.TEXT_WEIGHTS));
                SafetensorsWeights b = SafetensorsWeights.open(tens.model().resolve(ModelSkeleton.TEXT_WEIGHTS))) {
            assertThat(b.names()).isEqualTo(a.names()).contains(ShapesPretraining.TOKEN_EMBEDDING);
            for (String name : a.names()) {
                float[] x = a.read(name).toArray();
                float[] y = b.read(name).toArray();
                for (int i = 0; i < x.length; i++) {
                    float expected = name.equals(ShapesPretraining.TOKEN_EMBEDDING) ? x[i] * 10 : x[i];
                    assertThat(y[i]).as(name).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void an_interrupted_run_resumes_to_the_weights_of_an_uninterrupted_one() throws Exception {
        Path straight = dir.resolve("straight");
        new ShapesPretraining(backend, dir.resolve("a"), SHORT).run(straight, ProgressListener.none(),
                CancellationToken.none());

        CancellationToken cancel = new CancellationToken();
        ShapesPretraining interrupted = new ShapesPretraining(backend, dir.resolve("b"), SHORT);
        Path resumed = dir.resolve("resumed");
        assertThatThrownBy(() -> interrupted.run(resumed, e -> {
            if (e.stage().equals("unet") && e.step() == 2) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(CancellationException.class);
        assertThat(resumed).doesNotExist();
        assertThat(interrupted.model().resolve(ModelSkeleton.VAE_WEIGHTS)).exists();
        assertThat(interrupted.model().resolve(ModelSkeleton.UNET_WEIGHTS)).doesNotExist();

        new ShapesPretraining(backend, dir.resolve("b"), SHORT).run(resumed, ProgressListener.none(),
                CancellationToken.none());
        for (String file : new String[] {ModelSkeleton.TEXT_WEIGHTS, ModelSkeleton.VAE_WEIGHTS,
            ModelSkeleton.UNET_WEIGHTS, "vae/config.json"}) {
            assertThat(Files.readAllBytes(resumed.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(straight.resolve(file)));
        }
    }

    /** Runs each settings in turn in work folder {@code work}, exporting to {@code output}; returns the export. */
    private Path train(String work, String output, PretrainSettings... runs) throws IOException {
        Path out = dir.resolve(output);
        for (PretrainSettings settings : runs) {
            new ShapesPretraining(backend, dir.resolve(work), settings).run(out, ProgressListener.none(),
                    CancellationToken.none());
        }
        return out;
    }

    private static byte[] unetBytes(Path model) throws IOException {
        return Files.readAllBytes(model.resolve(ModelSkeleton.UNET_WEIGHTS));
    }
}
