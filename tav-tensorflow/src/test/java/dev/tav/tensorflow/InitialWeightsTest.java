package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import dev.tav.model.ModelConfigs;
import dev.tav.model.StableDiffusionModel;
import dev.tav.model.TextEncoderConfig;
import dev.tav.model.UNetConfig;
import dev.tav.model.VaeConfig;
import dev.tav.model.safetensors.SafetensorsFile;
import dev.tav.model.safetensors.SafetensorsWriter;
import dev.tav.model.safetensors.TensorEntry;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.ClipSkip;
import dev.tav.spi.LatentDistribution;
import dev.tav.spi.TextEncoderModel;
import dev.tav.spi.Timesteps;
import dev.tav.spi.UNetInput;
import dev.tav.spi.UNetModel;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialWeightsTest {
    private static final Path TINY_SD = Fixtures.resolve("models/tiny-sd");
    private static Backend backend;
    private static UNetConfig unet;
    private static VaeConfig vae;
    private static TextEncoderConfig text;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        backend = new TensorFlowBackendProvider().create(BackendOptions.defaults());
        unet = UNetConfig.read(TINY_SD.resolve("unet/config.json"));
        vae = VaeConfig.read(TINY_SD.resolve("vae/config.json"));
        text = TextEncoderConfig.read(TINY_SD.resolve("text_encoder/config.json"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void names_and_shapes_are_those_of_the_diffusers_checkpoints_of_the_same_configs() throws IOException {
        assertSameEntries(backend.initialWeights(unet, 1), TINY_SD.resolve("unet/diffusion_pytorch_model.safetensors"));
        assertSameEntries(backend.initialWeights(vae, 1), TINY_SD.resolve("vae/diffusion_pytorch_model.safetensors"));
        assertSameEntries(backend.initialWeights(text, 1), TINY_SD.resolve("text_encoder/model.safetensors"));
        Path tav = Fixtures.resolve("models/tiny-tav/unet");
        assertSameEntries(backend.initialWeights(UNetConfig.read(tav.resolve("config.json")), 1),
                tav.resolve("diffusion_pytorch_model.safetensors"));
    }

    /** Every float tensor of the reference checkpoint and no other (integer buffers such as position_ids). */
    private static void assertSameEntries(Map<String, FloatTensor> weights, Path reference) throws IOException {
        Map<String, long[]> expected = new TreeMap<>();
        try (SafetensorsFile file = SafetensorsFile.open(reference)) {
            for (TensorEntry e : file.entries()) {
                if (e.dataType() != DataType.INT64) {
                    expected.put(e.name(), e.shape().getShape());
                }
            }
        }
        assertThat(weights.keySet()).as(reference.toString()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, shape) ->
                assertThat(weights.get(name).shape().getShape()).as(name).containsExactly(shape));
    }

    @Test
    void parameters_are_initialised_by_kind_as_pytorch_does() {
        Map<String, FloatTensor> u = backend.initialWeights(unet, 3);
        assertUniform(u.get("conv_in.weight"), 1 / Math.sqrt(4 * 9));
        assertThat(maxAbs(u.get("conv_in.bias"))).isLessThanOrEqualTo(1 / Math.sqrt(4 * 9)).isPositive();
        assertUniform(u.get("time_embedding.linear_2.weight"), 1 / Math.sqrt(128));
        assertUniform(u.get("down_blocks.0.attentions.0.proj_in.weight"), 1 / Math.sqrt(32));
        assertThat(u.get("down_blocks.0.resnets.0.norm1.weight").toArray()).containsOnly(1f);
        assertThat(u.get("down_blocks.0.resnets.0.norm1.bias").toArray()).containsOnly(0f);
        assertThat(u.get("mid_block.attentions.0.transformer_blocks.0.norm2.weight").toArray()).containsOnly(1f);

        Map<String, FloatTensor> t = backend.initialWeights(text, 3);
        FloatTensor tokens = t.get("text_model.embeddings.token_embedding.weight");
        assertThat(mean(tokens)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(rms(tokens)).isCloseTo(0.02, org.assertj.core.data.Offset.offset(2e-4));
        assertThat(rms(t.get("text_model.embeddings.position_embedding.weight")))
                .isCloseTo(0.02, org.assertj.core.data.Offset.offset(2e-3));
        assertUniform(t.get("text_model.encoder.layers.0.mlp.fc1.weight"), 1 / Math.sqrt(32));
        assertThat(t.get("text_model.final_layer_norm.weight").toArray()).containsOnly(1f);
    }

    @Test
    void temporal_output_projections_start_at_zero_as_the_reference_does() throws IOException {
        UNetConfig video = UNetConfig.read(Fixtures.resolve("models/tiny-tav/unet/config.json"));
        Map<String, FloatTensor> w = backend.initialWeights(video, 5);
        String block = "down_blocks.0.attentions.0.transformer_blocks.0.";
        assertThat(w.get(block + "attn_temp.to_out.0.weight").toArray()).containsOnly(0f);
        assertThat(w.get(block + "attn_temp.to_out.0.bias").toArray()).containsOnly(0f);
        assertThat(w.get(block + "norm_temp.weight").toArray()).containsOnly(1f);
        assertUniform(w.get(block + "attn_temp.to_q.weight"), 1 / Math.sqrt(32));
    }

    @Test
    void the_same_seed_writes_the_same_bytes_and_another_seed_other_bytes() throws IOException {
        Path a = write(backend.initialWeights(unet, 7), dir.resolve("a.safetensors"));
        Path b = write(backend.initialWeights(unet, 7), dir.resolve("b.safetensors"));
        Path c = write(backend.initialWeights(unet, 8), dir.resolve("c.safetensors"));
        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
        Map<String, FloatTensor> v7 = backend.initialWeights(vae, 7);
        Map<String, FloatTensor> v8 = backend.initialWeights(vae, 8);
        assertThat(backend.initialWeights(vae, 7)).isEqualTo(v7);
        assertThat(v8.get("encoder.conv_in.weight")).isNotEqualTo(v7.get("encoder.conv_in.weight"));
        assertThat(v8.get("encoder.mid_block.attentions.0.query.weight"))
                .isNotEqualTo(v7.get("encoder.mid_block.attentions.0.query.weight"));
    }

    @Test
    void a_written_diffusers_folder_loads_with_the_normal_loaders_and_gives_finite_outputs_of_order_one()
            throws IOException {
        Path folder = dir.resolve("fresh-sd");
        copyConfigs(folder);
        write(backend.initialWeights(unet, 11), folder.resolve("unet/diffusion_pytorch_model.safetensors"));
        write(backend.initialWeights(vae, 12), folder.resolve("vae/diffusion_pytorch_model.safetensors"));
        write(backend.initialWeights(text, 13), folder.resolve("text_encoder/model.safetensors"));
        try (StableDiffusionModel model = StableDiffusionModel.open(folder)) {
            ModelConfigs configs = model.configs();
            FloatTensor states;
            try (TextEncoderModel encoder = backend.loadTextEncoder(configs.textEncoder(), model.textEncoder())) {
                int[] ids = new SplittableRandom(1).ints(77, 0, configs.textEncoder().vocabSize()).toArray();
                states = encoder.encode(new int[][] {ids}, ClipSkip.NONE);
            }
            assertOrderOne(states);
            try (VaeModel autoencoder = backend.loadVae(configs.vae(), model.vae())) {
                LatentDistribution posterior = autoencoder.encode(Tensors.random(2, 1, 3, 32, 32));
                assertOrderOne(posterior.mean());
                assertOrderOne(autoencoder.decode(posterior.mean()));
            }
            try (UNetModel denoiser = backend.loadUNet(configs.unet(), model.unet(), UNetOptions.image())) {
                assertOrderOne(denoiser.predict(UNetInput.of(Tensors.random(3, 1, 4, 16, 16),
                        Timesteps.scalar(500), states)));
            }
        }
    }

    private static void copyConfigs(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(TINY_SD)) {
            for (Path source : files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".safetensors")).toList()) {
                Path target = folder.resolve(TINY_SD.relativize(source).toString());
                Files.createDirectories(target.getParent());
                Files.copy(source, target);
            }
        }
    }

    private static Path write(Map<String, FloatTensor> weights, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        SafetensorsWriter writer = new SafetensorsWriter();
        weights.forEach(writer::add);
        writer.write(file);
        return file;
    }

    private static void assertUniform(FloatTensor t, double bound) {
        assertThat(maxAbs(t)).isLessThanOrEqualTo(bound).isGreaterThan(0.9 * bound);
        // the standard deviation of U(-b, b) is b/√3
        assertThat(rms(t)).isCloseTo(bound / Math.sqrt(3), org.assertj.core.data.Offset.offset(0.15 * bound));
    }

    private static void assertOrderOne(FloatTensor t) {
        for (int i = 0; i < t.size(); i++) {
            assertThat(Float.isFinite(t.get(i))).as("finite").isTrue();
        }
        assertThat(rms(t)).isBetween(1e-2, 10.0);
    }

    private static double maxAbs(FloatTensor t) {
        double max = 0;
        for (int i = 0; i < t.size(); i++) {
            max = Math.max(max, Math.abs(t.get(i)));
        }
        return max;
    }

    private static double mean(FloatTensor t) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.get(i);
        }
        return sum / t.size();
    }

    private static double rms(FloatTensor t) {
        double sum = 0;
        for (int i = 0; i < t.size(); i++) {
            sum += t.get(i) * (double) t.get(i);
        }
        return Math.sqrt(sum / t.size());
    }
}
