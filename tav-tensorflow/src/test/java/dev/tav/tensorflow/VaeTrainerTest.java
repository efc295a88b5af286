package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.VaeConfig;
import dev.tav.spi.AdamWSettings;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.LatentDistribution;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.spi.VaeTrainer;
import dev.tav.spi.VaeTrainingStep;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaeTrainerTest {
    private static final String DIR = "models/tiny-sd/vae";
    private static final int SIZE = 32;
    private static Backend backend;
    private static VaeConfig config;

    @BeforeAll
    static void start() throws IOException {
        backend = new TensorFlowBackendProvider().create(BackendOptions.defaults());
        config = VaeConfig.read(Fixtures.resolve(DIR + "/config.json"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static VaeTrainer trainer(TrainerOptions options) throws IOException {
        try (SafetensorsWeights w = TestModels.weights(DIR)) {
            return backend.loadVaeTrainer(config, w, options);
        }
    }

    private static TrainerOptions all() {
        return TrainerOptions.allParameters(AdamWSettings.defaults());
    }

    /** Two fixed images in [-1, 1]: a coloured disc on a plain background and a diagonal colour ramp. */
    private static FloatTensor images() {
        float[] v = new float[2 * 3 * SIZE * SIZE];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean disc = (x - 12) * (x - 12) + (y - 18) * (y - 18) < 64;
                    v[(c * SIZE + y) * SIZE + x] = disc ? (c == 0 ? 0.9f : -0.6f) : (c == 2 ? 0.4f : 0.8f);
                    v[((3 + c) * SIZE + y) * SIZE + x] = (float) (c - 1) * 0.5f + (x + y) / (2f * SIZE) - 0.5f;
                }
            }
        }
        return FloatTensor.wrap(new Shape(2, 3, SIZE, SIZE), v);
    }

    private static FloatTensor noise(long seed) {
        int f = config.downsampleFactor();
        Shape shape = new Shape(2, config.latentChannels(), SIZE / f, SIZE / f);
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return FloatTensor.wrap(shape, v);
    }

    @Test
    void training_on_fixed_images_reduces_the_loss() throws IOException {
        FloatTensor images = images();
        List<Double> losses = new ArrayList<>();
        try (VaeTrainer t = trainer(all())) {
            assertThat(t.trainableNames()).hasSizeGreaterThan(100);
            for (int step = 0; step < 50; step++) {
                VaeTrainingStep s = t.step(images, noise(step), 1e-3, 2e-3);
                assertThat(Double.isFinite(s.loss()) && Double.isFinite(s.gradientNorm())).isTrue();
                losses.add(s.loss());
            }
        }
        double first = losses.get(0);
        double last = losses.subList(45, 50).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("losses " + losses).isLessThan(0.5 * first);
    }

    @Test
    void the_terms_match_a_computation_from_encode_and_decode() throws IOException {
        FloatTensor images = images();
        FloatTensor noise = noise(99);
        double klWeight = 0.25;
        try (VaeTrainer t = trainer(all())) {
            LatentDistribution posterior = t.encode(images);
            float[] mean = posterior.mean().toArray();
            float[] logVariance = posterior.logVariance().toArray();
            double kl = 0;
            for (int i = 0; i < mean.length; i++) {
                kl += 0.5 * (mean[i] * (double) mean[i] + Math.exp(logVariance[i]) - 1 - logVariance[i]);
            }
            kl /= 2;
            float[] x = images.toArray();
            float[] reconstructed = t.decode(posterior.sample(noise)).toArray();
            double l1 = 0;
            for (int i = 0; i < x.length; i++) {
                l1 += Math.abs(x[i] - reconstructed[i]);
            }
            l1 /= x.length;

            VaeTrainingStep s = t.step(images, noise, klWeight, 1e-4);
            assertThat(kl).isGreaterThan(0);
            assertThat(s.kl()).isCloseTo(kl, Offset.offset(1e-4 * kl));
            assertThat(s.reconstruction()).isCloseTo(l1, Offset.offset(1e-4 * l1));
            assertThat(s.loss()).isCloseTo(l1 + klWeight * kl, Offset.offset(1e-4 * (l1 + klWeight * kl)));
            assertThat(s.gradientNorm()).isPositive();
            assertThat(t.step(images, noise, klWeight, 1e-4).loss()).as("the step updated the weights")
                    .isNotEqualTo(s.loss());
        }
    }

    @Test
    void a_restored_state_continues_bit_identically() throws IOException {
        FloatTensor images = images();
        TrainerState saved;
        List<VaeTrainingStep> straight = new ArrayList<>();
        TrainerState end;
        try (VaeTrainer t = trainer(all())) {
            for (int step = 0; step < 2; step++) {
                t.step(images, noise(step), 1e-3, 1e-3);
            }
            saved = t.state();
            for (int step = 2; step < 4; step++) {
                straight.add(t.step(images, noise(step), 1e-3, 1e-3));
            }
            end = t.state();
        }
        assertThat(saved.updates()).isEqualTo(2);
        try (VaeTrainer t = trainer(all())) {
            t.restore(saved);
            for (int step = 2; step < 4; step++) {
                assertThat(t.step(images, noise(step), 1e-3, 1e-3)).isEqualTo(straight.get(step - 2));
            }
            TrainerState resumed = t.state();
            assertThat(resumed.updates()).isEqualTo(4);
            assertThat(resumed.parameters()).isEqualTo(end.parameters());
            assertThat(resumed.firstMoments()).isEqualTo(end.firstMoments());
            assertThat(resumed.secondMoments()).isEqualTo(end.secondMoments());
        }
    }

    @Test
    void patterns_select_what_trains_and_the_rest_stays_frozen() throws IOException {
        try (VaeTrainer t = trainer(new TrainerOptions(List.of("decoder.conv_out"), AdamWSettings.defaults()))) {
            assertThat(t.trainableNames()).containsExactly("decoder.conv_out.bias", "decoder.conv_out.weight");
            FloatTensor images = images();
            FloatTensor meanBefore = t.encode(images).mean();
            t.step(images, noise(1), 1e-3, 1e-2);
            assertThat(t.encode(images).mean()).as("the encoder is frozen").isEqualTo(meanBefore);
        }
    }

    @Test
    void invalid_inputs_are_rejected_with_the_setting_named() throws IOException {
        try (VaeTrainer t = trainer(all())) {
            FloatTensor images = images();
            assertThatThrownBy(() -> t.step(images, Tensors.random(1, 2, 4, 8, 8), 0, 1e-3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noise");
            assertThatThrownBy(() -> t.step(images, noise(1), -1, 1e-3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("klWeight");
            assertThatThrownBy(() -> t.step(images, noise(1), 0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
            assertThatThrownBy(() -> t.step(Tensors.random(1, 2, 3, 20, 16), noise(1), 0, 1e-3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 8");
        }
    }
}
