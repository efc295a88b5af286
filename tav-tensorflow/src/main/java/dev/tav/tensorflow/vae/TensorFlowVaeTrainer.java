package dev.tav.tensorflow.vae;

import dev.tav.model.VaeConfig;
import dev.tav.spi.LatentDistribution;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.spi.VaeTrainer;
import dev.tav.spi.VaeTrainingStep;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.ModelGraph.BuiltNetwork;
import dev.tav.tensorflow.runtime.ShapeChecks;
import dev.tav.tensorflow.train.AdamW;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Trains a {@link TensorFlowVae}: one {@code Session.run} per step encodes, samples the posterior with the given
 * noise, decodes, computes the L1 + KL objective of {@link VaeTrainer} and applies the {@link AdamW} update.
 * Encoding and decoding use the current parameters.
 */
public final class TensorFlowVaeTrainer implements VaeTrainer {
    private final TensorFlowVae vae;
    private final AdamW optimiser;
    private final Map<List<Long>, TrainingGraph> trainingGraphs = new HashMap<>();

    private TensorFlowVaeTrainer(TensorFlowVae vae, TrainerOptions training) {
        this.vae = vae;
        this.optimiser = AdamW.create(vae.graph(), training);
    }

    /**
     * Wraps a loaded autoencoder for training. The trainer owns it from now on.
     *
     * @param vae the autoencoder
     * @param training which parameters train, and the optimiser
     * @return the trainer
     * @throws IllegalArgumentException if no parameter matches (the autoencoder is closed then)
     */
    public static TensorFlowVaeTrainer wrap(TensorFlowVae vae, TrainerOptions training) {
        Objects.requireNonNull(training, "training");
        try {
            return new TensorFlowVaeTrainer(vae, training);
        } catch (RuntimeException e) {
            vae.close();
            throw e;
        }
    }

    @Override
    public VaeConfig config() {
        return vae.config();
    }

    @Override
    public LatentDistribution encode(FloatTensor images) {
        return vae.encode(images);
    }

    @Override
    public FloatTensor decode(FloatTensor latents) {
        return vae.decode(latents);
    }

    @Override
    public List<String> trainableNames() {
        return optimiser.names();
    }

    @Override
    public synchronized VaeTrainingStep step(FloatTensor images, FloatTensor noise, double klWeight,
            double learningRate) {
        AdamW.checkLearningRate(learningRate);
        if (!(klWeight >= 0) || Double.isInfinite(klWeight)) {
            throw new IllegalArgumentException("klWeight must be a finite number >= 0, got " + klWeight);
        }
        long[] d = vae.checkImages(images);
        int f = vae.config().downsampleFactor();
        long[] latent = {d[0], vae.config().latentChannels(), d[2] / f, d[3] / f};
        Objects.requireNonNull(noise, "noise");
        ShapeChecks.require(Arrays.equals(noise.shape().getShape(), latent), "noise", "must have the latents' shape "
                + Arrays.toString(latent) + ", got " + noise.shape());
        TrainingGraph net = trainingGraphs.computeIfAbsent(Arrays.stream(d).boxed().toList(), key -> {
            TrainingGraph[] built = new TrainingGraph[1];
            vae.graph().variant(List.of("train", key), tf -> {
                built[0] = new TrainingGraph(tf, d, latent);
                return built[0].built;
            });
            return built[0];
        });
        List<Tensor> feeds = new ArrayList<>();
        try {
            feeds.add(HostTensors.toTensor(images));
            feeds.add(HostTensors.toTensor(noise));
            feeds.add(HostTensors.toTensor(new long[] {1}, new float[] {(float) klWeight}));
            List<FloatTensor> out = optimiser.run(net.built, net.step, feeds, learningRate, 0, 1, 2, 3);
            return new VaeTrainingStep(out.get(0).get(0), out.get(1).get(0), out.get(2).get(0), out.get(3).get(0));
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    @Override
    public TrainerState state() {
        return optimiser.state();
    }

    @Override
    public void restore(TrainerState state) {
        optimiser.restore(state);
    }

    @Override
    public void close() {
        vae.close();
    }

    /** The training computation for one image shape. */
    private final class TrainingGraph {
        final BuiltNetwork built;
        final AdamW.Step step;

        TrainingGraph(Ops tf, long[] imageShape, long[] latentShape) {
            Placeholder<TFloat32> images = placeholder(tf, imageShape);
            Placeholder<TFloat32> noise = placeholder(tf, latentShape);
            Placeholder<TFloat32> klWeight = placeholder(tf, 1);
            List<Operand<TFloat32>> posterior = vae.network().encode(tf, images);
            Operand<TFloat32> mean = posterior.get(0);
            Operand<TFloat32> logVariance = posterior.get(1);
            Operand<TFloat32> sample = tf.math.add(mean,
                    tf.math.mul(tf.math.exp(tf.math.mul(logVariance, tf.constant(0.5f))), noise));
            Operand<TFloat32> reconstructed = vae.network().decode(tf, sample);
            Operand<TFloat32> reconstruction = tf.math.mean(tf.math.abs(tf.math.sub(images, reconstructed)),
                    allAxes(tf, 4));
            // 0.5 · Σ (μ² + σ² − 1 − log σ²) / N
            Operand<TFloat32> klTerms = tf.math.sub(tf.math.add(tf.math.square(mean), tf.math.exp(logVariance)),
                    tf.math.add(logVariance, tf.constant(1f)));
            Operand<TFloat32> kl = tf.math.mul(tf.reduceSum(klTerms, allAxes(tf, 4)),
                    tf.constant((float) (0.5 / imageShape[0])));
            Operand<TFloat32> loss = tf.math.add(reconstruction,
                    tf.math.mul(tf.reshape(klWeight, tf.constant(new long[0])), kl));
            step = optimiser.minimize(tf, loss, List.of(reconstruction, kl));
            built = new BuiltNetwork(List.of(images, noise, klWeight, step.hyperParameters()),
                    List.of(vector(tf, loss), vector(tf, reconstruction), vector(tf, kl), step.gradientNorm()));
        }
    }

    private static Operand<TFloat32> vector(Ops tf, Operand<TFloat32> scalar) {
        return tf.reshape(scalar, tf.constant(new long[] {1}));
    }

    private static Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, int rank) {
        return tf.constant(IntStream.range(0, rank).toArray());
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
    }
}
