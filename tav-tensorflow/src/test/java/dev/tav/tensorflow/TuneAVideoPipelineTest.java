package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.attention.AttentionProcessor;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.StableDiffusionModel;
import dev.tav.pipeline.EditRequest;
import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.pipeline.TuneRequest;
import dev.tav.pipeline.TuneSettings;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressEvent;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.Backends;
import dev.tav.tensor.FloatTensor;
import dev.tav.tuning.TunedModel;
import dev.tav.video.Video;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneAVideoPipelineTest {
    @TempDir
    Path dir;

    /** A square moving right over 8 frames of 80×72 pixels. */
    private static Video movingSquare() {
        return Videos.movingSquare(8, 80, 72, 6);
    }

    @Test
    void the_attention_rule_of_the_settings_reaches_tuning_and_sampling_and_the_untuned_model_loads()
            throws Exception {
        List<Integer> tuneCounts = new ArrayList<>();
        List<Integer> sampleCounts = new ArrayList<>();
        AttentionProcessor tuneRule = (frame, count) -> {
            tuneCounts.add(count);
            return List.of(frame);
        };
        AttentionProcessor sampleRule = (frame, count) -> {
            sampleCounts.add(count);
            return List.of(0);
        };
        FrameSampling sampling = new FrameSampling(3, 0, 2, 64, 64);
        try (Backend backend = Backends.provider("tensorflow").create(BackendOptions.defaults());
                TuneAVideoPipeline tav = TuneAVideoPipeline.open(
                        StableDiffusionModel.open(Fixtures.resolve("models/tiny-sd")), backend)) {
            Video frames = TuneAVideoPipeline.sample(movingSquare(), sampling);
            tav.tune(new TuneRequest(frames, "a red square", TuneSettings.defaults().withSampling(sampling)
                    .withSteps(1).withAttention(tuneRule), dir), e -> { }, CancellationToken.none());
            assertThat(tuneCounts).isNotEmpty().containsOnly(3);
            TunedModel untuned = tav.untuned(dir.resolve("untuned.safetensors"));
            try (SafetensorsWeights w = SafetensorsWeights.open(untuned.file())) {
                assertThat(w.names()).isEmpty();
            }
            Video video = tav.edit(untuned, new EditRequest(frames, "a blue square", EditSettings.defaults()
                    .withSteps(1).withInversion(true, 1).withAttention(sampleRule)), e -> { },
                    CancellationToken.none());
            assertThat(video.frameCount()).isEqualTo(3);
            assertThat(sampleCounts).isNotEmpty().containsOnly(3);
        }
    }

    @Test
    void tunes_on_a_video_then_edits_it_with_a_new_prompt() throws Exception {
        TuneSettings settings = TuneSettings.defaults().withSampling(new FrameSampling(4, 0, 2, 64, 64))
                .withSteps(2).withCheckpointEvery(1).withLearningRate(1e-3);
        List<ProgressEvent> events = new ArrayList<>();
        try (Backend backend = Backends.provider("tensorflow").create(BackendOptions.defaults());
                TuneAVideoPipeline tav = TuneAVideoPipeline.open(
                        StableDiffusionModel.open(Fixtures.resolve("models/tiny-sd")), backend)) {
            Video source = movingSquare();
            Video frames = TuneAVideoPipeline.sample(source, settings.sampling());
            assertThatThrownBy(() -> tav.tune(new TuneRequest(source, "x", settings, dir), e -> { },
                    CancellationToken.none())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sample it first");
            TunedModel tuned = tav.tune(new TuneRequest(frames, "a red square moving right", settings, dir),
                    events::add, CancellationToken.none());
            assertThat(tuned.file()).isEqualTo(dir.resolve(TuneAVideoPipeline.TUNED_FILE)).exists();
            assertThat(dir.resolve(TuneAVideoPipeline.CHECKPOINT_FILE)).exists();
            assertThat(events).filteredOn(e -> e.stage().equals("tune")).extracting(ProgressEvent::step)
                    .containsExactly(1L, 2L);
            try (SafetensorsWeights t = SafetensorsWeights.open(tuned.file());
                    SafetensorsWeights base = SafetensorsWeights.open(
                            Fixtures.resolve("models/tiny-sd/unet/diffusion_pytorch_model.safetensors"))) {
                assertThat(t.names()).anyMatch(n -> n.contains("attn_temp.to_out.0.weight"))
                        .allMatch(settings::isTrainable);
                String q = "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight";
                FloatTensor before = base.read(q);
                FloatTensor after = t.read(q);
                double moved = 0;
                for (int i = 0; i < after.size(); i++) {
                    moved = Math.max(moved, Math.abs(after.get(i) - before.get(i)));
                }
                assertThat(moved).isBetween(1e-4, 1e-2);
            }

            Video edited = tav.edit(tuned, new EditRequest(frames, "a blue square moving right",
                    EditSettings.defaults().withSteps(3).withInversion(true, 3).withGuidanceScale(7.5)),
                    events::add, CancellationToken.none());
            assertThat(edited.frameCount()).isEqualTo(4);
            assertThat(edited.width()).isEqualTo(64);
            assertThat(edited.height()).isEqualTo(64);
            assertThat(edited.fps()).isEqualTo(4.0);
            assertThat(events).filteredOn(e -> e.stage().equals("invert")).hasSize(3);
            assertThat(events).filteredOn(e -> e.stage().equals("sample")).hasSize(3);

            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            assertThatThrownBy(() -> tav.edit(tuned, new EditRequest(frames, "x", EditSettings.defaults()),
                    e -> { }, cancel)).isInstanceOf(java.util.concurrent.CancellationException.class);
        }
    }

    @Test
    void a_video_too_short_for_the_sampling_is_refused_with_the_numbers() {
        assertThatThrownBy(() -> TuneAVideoPipeline.sample(movingSquare(), new FrameSampling(24, 0, 2, 64, 64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 8 frames")
                .hasMessageContaining("needs 47");
    }
}
