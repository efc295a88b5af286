package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.attention.AttentionProcessor;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.UNetConfig;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.ControlResiduals;
import dev.tav.spi.Timesteps;
import dev.tav.spi.UNetInput;
import dev.tav.spi.UNetModel;
import dev.tav.spi.UNetOptions;
import dev.tav.tensor.FloatTensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UNetTest {
    private static final String SD = "models/tiny-sd/unet";
    private static final Timesteps T = Timesteps.scalar(700);
    private static Backend backend;
    private static UNetConfig config;
    private static UNetModel image;
    private static UNetModel inflated;

    @BeforeAll
    static void load() throws Exception {
        backend = new TensorFlowBackendProvider().create(BackendOptions.defaults().withAttentionQueryChunk(0));
        config = UNetConfig.read(Fixtures.resolve(SD + "/config.json"));
        try (SafetensorsWeights w = TestModels.weights(SD)) {
            image = backend.loadUNet(config, w, UNetOptions.image());
            inflated = backend.loadUNet(config, w, UNetOptions.tuneAVideo().withTemporalSeed(7));
        }
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static FloatTensor text(long seed, int batch) {
        return Tensors.random(seed, batch, 77, config.crossAttentionDim());
    }

    @Test
    void a_freshly_inflated_2d_checkpoint_equals_the_2d_model_on_a_single_frame() {
        FloatTensor frame = Tensors.random(1, 1, 4, 16, 16);
        FloatTensor text = text(2, 1);
        FloatTensor expected = image.predict(UNetInput.of(frame, T, text));
        FloatTensor video = inflated.predict(UNetInput.of(Videos.stack(List.of(frame)), T, text)
                .withAttentionProcessor(AttentionProcessor.spatial()));
        assertThat(Tensors.maxAbsDiff(Videos.frame(video, 0), expected)).isLessThan(1e-6);
    }

    @Test
    void a_freshly_inflated_2d_checkpoint_equals_the_2d_model_frame_by_frame_on_a_still_video() {
        // ResNet statistics are pooled over the frames (Tune-A-Video), so the identity holds for equal frames
        FloatTensor frame = Tensors.random(3, 1, 4, 16, 16);
        FloatTensor text = text(4, 1);
        FloatTensor expected = image.predict(UNetInput.of(frame, T, text));
        FloatTensor video = inflated.predict(UNetInput.of(Videos.stack(List.of(frame, frame, frame)), T, text)
                .withAttentionProcessor(AttentionProcessor.spatial()));
        for (int f = 0; f < 3; f++) {
            assertThat(Tensors.maxAbsDiff(Videos.frame(video, f), expected)).isLessThan(1e-5);
        }
    }

    @Test
    void a_plugin_rule_with_ragged_frame_groups_matches_plain_attention_when_it_repeats_only_the_frame_itself() {
        // even frames attend to themselves once, odd frames twice: mathematically plain self-attention, but
        // built through the gathered, grouped and re-ordered path
        AttentionProcessor ragged = (i, f) -> i % 2 == 0 ? List.of(i) : List.of(i, i);
        FloatTensor video = Videos.stack(List.of(Tensors.random(5, 1, 4, 16, 16), Tensors.random(6, 1, 4, 16, 16),
                Tensors.random(7, 1, 4, 16, 16)));
        FloatTensor text = text(8, 1);
        FloatTensor plain = image.predict(UNetInput.of(video, T, text)
                .withAttentionProcessor(AttentionProcessor.spatial()));
        FloatTensor viaGroups = image.predict(UNetInput.of(video, T, text).withAttentionProcessor(ragged));
        assertThat(Tensors.maxAbsDiff(viaGroups, plain)).isLessThan(1e-5);
        assertThat(Tensors.maxAbs(plain)).isGreaterThan(0.1);
    }

    @Test
    void with_cross_frame_attention_a_frame_is_unaffected_by_frames_other_than_itself_and_the_first() {
        List<FloatTensor> frames = List.of(Tensors.random(9, 1, 4, 16, 16), Tensors.random(10, 1, 4, 16, 16),
                Tensors.random(11, 1, 4, 16, 16), Tensors.random(12, 1, 4, 16, 16));
        FloatTensor[] out = predictWithFrameReplaced(frames, 1, AttentionProcessor.crossFrame());
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 0), Videos.frame(out[1], 0))).isZero();
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 2), Videos.frame(out[1], 2))).isZero();
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 3), Videos.frame(out[1], 3))).isZero();
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 1), Videos.frame(out[1], 1))).isGreaterThan(1e-3);
    }

    @Test
    void sparse_causal_attention_is_causal_across_layers() {
        List<FloatTensor> frames = List.of(Tensors.random(9, 1, 4, 16, 16), Tensors.random(10, 1, 4, 16, 16),
                Tensors.random(11, 1, 4, 16, 16), Tensors.random(12, 1, 4, 16, 16));
        FloatTensor[] out = predictWithFrameReplaced(frames, 2, AttentionProcessor.sparseCausal());
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 0), Videos.frame(out[1], 0))).isZero();
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 1), Videos.frame(out[1], 1))).isZero();
        // frame 3 reads frame 2 directly
        assertThat(Tensors.maxAbsDiff(Videos.frame(out[0], 3), Videos.frame(out[1], 3))).isGreaterThan(1e-3);
    }

    /** Predicts the video as given and with frame {@code replaced} swapped for other noise (2D model). */
    private static FloatTensor[] predictWithFrameReplaced(List<FloatTensor> frames, int replaced,
            AttentionProcessor processor) {
        List<FloatTensor> changed = new java.util.ArrayList<>(frames);
        changed.set(replaced, Tensors.random(99, 1, 4, 16, 16));
        FloatTensor text = text(13, 1);
        return new FloatTensor[] {
            image.predict(UNetInput.of(Videos.stack(frames), T, text).withAttentionProcessor(processor)),
            image.predict(UNetInput.of(Videos.stack(changed), T, text).withAttentionProcessor(processor))
        };
    }

    @Test
    void chunking_the_attention_queries_changes_memory_not_results() throws Exception {
        FloatTensor video = Videos.stack(List.of(Tensors.random(14, 1, 4, 16, 16), Tensors.random(15, 1, 4, 16, 16)));
        FloatTensor text = text(16, 1);
        try (Backend chunked = new TensorFlowBackendProvider().create(
                        BackendOptions.defaults().withAttentionQueryChunk(37));
                SafetensorsWeights w = TestModels.weights(SD);
                UNetModel other = chunked.loadUNet(config, w, UNetOptions.tuneAVideo().withTemporalSeed(7))) {
            UNetInput in = UNetInput.of(video, Timesteps.perSample(321), text);
            assertThat(Tensors.maxAbsDiff(other.predict(in), inflated.predict(in))).isLessThan(1e-6);
        }
    }

    @Test
    void shapes_that_do_not_fit_are_rejected_before_native_code() {
        FloatTensor ok = Tensors.random(17, 2, 4, 16, 16);
        FloatTensor text = text(18, 2);
        assertThatThrownBy(() -> image.predict(UNetInput.of(Tensors.random(1, 2, 3, 16, 16), T, text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 channels");
        assertThatThrownBy(() -> image.predict(UNetInput.of(Tensors.random(1, 2, 4, 12, 16), T, text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 8");
        assertThatThrownBy(() -> image.predict(UNetInput.of(ok, T, text(1, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text states");
        assertThatThrownBy(() -> image.predict(UNetInput.of(ok, Timesteps.perSample(1, 2, 3), text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timesteps");
        assertThatThrownBy(() -> image.predict(UNetInput.of(Tensors.random(1, 4, 16, 16), T, text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sample");
        ControlResiduals wrong = new ControlResiduals(List.of(Tensors.random(1, 2, 32, 16, 16)),
                Tensors.random(1, 2, 64, 2, 2));
        assertThatThrownBy(() -> image.predict(UNetInput.of(ok, T, text).withControl(wrong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control residuals");
    }

    @Test
    void linear_transformer_projections_load_like_the_1x1_convolutions_they_replace() throws Exception {
        UNetConfig linear = new UNetConfig(false, config.sampleSize(), config.inChannels(), config.outChannels(),
                config.centerInputSample(), config.flipSinToCos(), config.freqShift(), config.crossAttention(),
                config.blockOutChannels(), config.layersPerBlock(), config.downsamplePadding(),
                config.midBlockScaleFactor(), config.normNumGroups(), config.normEps(), config.crossAttentionDim(),
                config.attentionHeads(), true, true);
        UNetInput in = UNetInput.of(Tensors.random(30, 1, 4, 16, 16), T, text(31, 1));
        try (SafetensorsWeights w = TestModels.weights(SD);
                UNetModel sd2 = backend.loadUNet(linear, new ShapeOverrides(w, n -> n.contains(".proj_")),
                        UNetOptions.image())) {
            assertThat(Tensors.maxAbsDiff(sd2.predict(in), image.predict(in))).isZero();
        }
    }

    @Test
    void convolution_projections_stored_as_matrices_load_the_same_model() throws Exception {
        UNetInput in = UNetInput.of(Tensors.random(32, 1, 4, 16, 16), T, text(33, 1));
        try (SafetensorsWeights w = TestModels.weights(SD);
                UNetModel squeezed = backend.loadUNet(config, new ShapeOverrides(w, n -> n.contains(".proj_")),
                        UNetOptions.image())) {
            assertThat(Tensors.maxAbsDiff(squeezed.predict(in), image.predict(in))).isZero();
        }
    }

    @Test
    void a_video_checkpoint_needs_the_inflated_network() throws Exception {
        UNetConfig video = UNetConfig.read(Fixtures.resolve("models/tiny-tav/unet/config.json"));
        try (SafetensorsWeights w = TestModels.weights("models/tiny-tav/unet")) {
            assertThatThrownBy(() -> backend.loadUNet(video, w, UNetOptions.image()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inflated");
        }
    }
}
