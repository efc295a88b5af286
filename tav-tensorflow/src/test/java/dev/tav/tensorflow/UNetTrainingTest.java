package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.UNetConfig;
import dev.tav.spi.AdamWSettings;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.Timesteps;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.spi.TrainingStep;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.UNetTrainer;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training every U-Net parameter with one timestep per sample, as pretraining does. */
class UNetTrainingTest {
    private static final String SD = "models/tiny-sd/unet";
    /**
     * With a huge ε and no clipping, the first AdamW step moves each parameter by {@code −lr·g/(|g| + ε)}, which
     * for {@code lr = ε} is {@code −g} up to a relative {@code |g|/ε}: the update reads back the gradient.
     */
    private static final double EPSILON = 1e6;
    private static final AdamWSettings LINEAR_REGIME = new AdamWSettings(0.9, 0.999, EPSILON, 0, 1e9);

    private static Backend backend;
    private static UNetConfig config;

    @BeforeAll
    static void start() throws IOException {
        backend = new TensorFlowBackendProvider().create(BackendOptions.defaults());
        config = UNetConfig.read(Fixtures.resolve(SD + "/config.json"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static UNetTrainer trainer(TrainerOptions options) throws IOException {
        try (SafetensorsWeights w = TestModels.weights(SD)) {
            return backend.loadUNetTrainer(config, w, UNetOptions.image(), options);
        }
    }

    @Test
    void all_parameters_makes_every_weight_of_the_checkpoint_trainable() throws IOException {
        try (SafetensorsWeights w = TestModels.weights(SD);
                UNetTrainer t = trainer(TrainerOptions.allParameters(AdamWSettings.defaults()))) {
            assertThat(t.trainableNames()).containsExactlyElementsOf(w.names());
        }
    }

    @Test
    void a_batch_with_per_sample_timesteps_has_the_mean_loss_and_gradient_of_its_samples() throws IOException {
        int batch = 3;
        double[] timesteps = {10, 500, 990};
        FloatTensor latents = Tensors.random(1, batch, 4, 16, 16);
        FloatTensor text = Tensors.random(2, batch, 7, config.crossAttentionDim());
        FloatTensor target = Tensors.random(3, batch, 4, 16, 16);
        try (UNetTrainer t = trainer(TrainerOptions.allParameters(LINEAR_REGIME))) {
            TrainerState start = t.state();
            TrainingStep whole = t.step(latents, Timesteps.perSample(timesteps), text, target, EPSILON);
            Map<String, double[]> batchGradient = gradient(start, t.state());

            double meanLoss = 0;
            Map<String, double[]> meanGradient = new HashMap<>();
            for (int i = 0; i < batch; i++) {
                t.restore(start);
                TrainingStep one = t.step(row(latents, i), (int) timesteps[i], row(text, i), row(target, i), EPSILON);
                assertThat(Tensors.maxAbsDiff(one.prediction(), row(whole.prediction(), i))).isLessThan(1e-4);
                meanLoss += one.loss() / batch;
                gradient(start, t.state()).forEach((name, g) -> {
                    double[] sum = meanGradient.computeIfAbsent(name, n -> new double[g.length]);
                    for (int j = 0; j < g.length; j++) {
                        sum[j] += g[j] / batch;
                    }
                });
            }
            assertThat(whole.loss()).isCloseTo(meanLoss, Offset.offset(1e-5 * meanLoss));
            assertThat(relativeDifference(batchGradient, meanGradient, 1)).as("relative gradient difference")
                    .isLessThan(1e-3);
            double norm = norm(meanGradient);
            assertThat(whole.gradientNorm()).isCloseTo(norm, Offset.offset(1e-3 * norm));

            t.restore(start);
            TrainingStep scalar = t.step(latents, Timesteps.scalar(10), text, target, EPSILON);
            assertThat(scalar.loss()).as("the per-sample timesteps reach the network")
                    .isNotCloseTo(whole.loss(), Offset.offset(1e-3 * whole.loss()));
        }
    }

    @Test
    void loss_weights_scale_each_element_of_the_loss_and_its_gradient() throws IOException {
        double[] timesteps = {300, 700};
        FloatTensor latents = Tensors.random(1, 2, 4, 16, 16);
        FloatTensor text = Tensors.random(2, 2, 7, config.crossAttentionDim());
        FloatTensor target = Tensors.random(3, 2, 4, 16, 16);
        int n = latents.size() / 2;
        float[] w = new float[2 * n];
        Arrays.fill(w, n, 2 * n, 3f);
        try (UNetTrainer t = trainer(TrainerOptions.allParameters(LINEAR_REGIME))) {
            TrainerState start = t.state();
            TrainingStep weighted = t.step(latents, Timesteps.perSample(timesteps), text, target,
                    FloatTensor.wrap(latents.shape(), w), EPSILON);
            Map<String, double[]> weightedGradient = gradient(start, t.state());
            t.restore(start);
            TrainingStep second = t.step(row(latents, 1), (int) timesteps[1], row(text, 1), row(target, 1), EPSILON);
            Map<String, double[]> secondGradient = gradient(start, t.state());

            // sample 0 weighs nothing, sample 1 three times, over twice the elements: 1.5 × sample 1 alone
            assertThat(weighted.loss()).isCloseTo(1.5 * second.loss(), Offset.offset(1e-5 * second.loss()));
            assertThat(relativeDifference(weightedGradient, secondGradient, 1.5)).as("relative gradient difference")
                    .isLessThan(1e-3);

            w[5] = -1;
            assertThatThrownBy(() -> t.step(latents, Timesteps.perSample(timesteps), text, target,
                    FloatTensor.wrap(latents.shape(), w), 1e-4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lossWeights");
        }
    }

    @Test
    void per_sample_timesteps_must_be_one_per_sample() throws IOException {
        try (UNetTrainer t = trainer(TrainerOptions.allParameters(AdamWSettings.defaults()))) {
            FloatTensor latents = Tensors.random(1, 2, 4, 16, 16);
            assertThatThrownBy(() -> t.step(latents, Timesteps.perSample(1, 2, 3),
                    Tensors.random(2, 2, 7, config.crossAttentionDim()), latents, 1e-4))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timesteps");
        }
    }

    /** @return {@code |a − factor·b| / |factor·b|} over all parameters */
    private static double relativeDifference(Map<String, double[]> a, Map<String, double[]> b, double factor) {
        double diff = 0;
        for (Map.Entry<String, double[]> e : b.entrySet()) {
            double[] x = a.get(e.getKey());
            double[] y = e.getValue();
            for (int j = 0; j < y.length; j++) {
                diff += (x[j] - factor * y[j]) * (x[j] - factor * y[j]);
            }
        }
        return Math.sqrt(diff) / (factor * norm(b));
    }

    /** @return the Euclidean norm over all parameters */
    private static double norm(Map<String, double[]> g) {
        double sum = 0;
        for (double[] v : g.values()) {
            for (double x : v) {
                sum += x * x;
            }
        }
        return Math.sqrt(sum);
    }

    /** The gradient the first step of the linear regime applied: {@code start − after}. */
    private static Map<String, double[]> gradient(TrainerState start, TrainerState after) {
        Map<String, double[]> g = new HashMap<>();
        start.parameters().forEach((name, before) -> {
            float[] b = before.toArray();
            float[] a = after.parameters().get(name).toArray();
            double[] d = new double[b.length];
            for (int j = 0; j < d.length; j++) {
                d[j] = (double) b[j] - a[j];
            }
            g.put(name, d);
        });
        return g;
    }

    private static FloatTensor row(FloatTensor t, int i) {
        long[] shape = t.shape().getShape();
        int n = t.size() / Math.toIntExact(shape[0]);
        long[] one = shape.clone();
        one[0] = 1;
        return FloatTensor.wrap(new Shape(one), Arrays.copyOfRange(t.toArray(), i * n, (i + 1) * n));
    }
}
