package dev.tav.tensorflow.unet;

import dev.tav.model.UNetConfig;
import dev.tav.spi.Timesteps;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.spi.TrainingStep;
import dev.tav.spi.UNetInput;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.UNetTrainer;
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
 * Trains a {@link TensorFlowUNet}: one {@code Session.run} per step computes the prediction, the mean squared error,
 * and the {@link AdamW} update of the trainable parameters. Predictions use the current parameters.
 */
public final class TensorFlowUNetTrainer implements UNetTrainer {
    private final TensorFlowUNet unet;
    private final AdamW optimiser;
    private final Map<List<Object>, TrainingGraph> trainingGraphs = new HashMap<>();

    private TensorFlowUNetTrainer(TensorFlowUNet unet, TrainerOptions training) {
        this.unet = unet;
        this.optimiser = AdamW.create(unet.graph(), training);
    }

    /**
     * Wraps a loaded U-Net for training. The trainer owns the U-Net from now on.
     *
     * @param unet the U-Net
     * @param training which parameters train, and the optimiser
     * @return the trainer
     * @throws IllegalArgumentException if no parameter matches (the U-Net is closed then)
     */
    public static TensorFlowUNetTrainer wrap(TensorFlowUNet unet, TrainerOptions training) {
        Objects.requireNonNull(training, "training");
        try {
            return new TensorFlowUNetTrainer(unet, training);
        } catch (RuntimeException e) {
            unet.close();
            throw e;
        }
    }

    @Override
    public List<String> trainableNames() {
        return optimiser.names();
    }

    @Override
    public UNetConfig config() {
        return unet.config();
    }

    @Override
    public UNetOptions options() {
        return unet.options();
    }

    @Override
    public FloatTensor predict(UNetInput input) {
        return unet.predict(input);
    }

    @Override
    public synchronized TrainingStep step(FloatTensor noisyLatents, Timesteps timesteps, FloatTensor textStates,
            FloatTensor target, FloatTensor lossWeights, double learningRate) {
        AdamW.checkLearningRate(learningRate);
        TensorFlowUNet.Call call = unet.prepare(UNetInput.of(noisyLatents, timesteps, textStates));
        Objects.requireNonNull(target, "target");
        ShapeChecks.require(Arrays.equals(target.shape().getShape(), call.sampleShape()), "target",
                "must have the latents' shape " + Arrays.toString(call.sampleShape()) + ", got " + target.shape());
        boolean weighted = lossWeights != null;
        if (weighted) {
            ShapeChecks.require(Arrays.equals(lossWeights.shape().getShape(), call.sampleShape()), "lossWeights",
                    "must have the latents' shape " + Arrays.toString(call.sampleShape()) + ", got "
                            + lossWeights.shape());
            for (float w : lossWeights.toArray()) {
                ShapeChecks.require(w >= 0 && Float.isFinite(w), "lossWeights",
                        "must be finite and >= 0, found " + w);
            }
        }
        TrainingGraph net = trainingGraphs.computeIfAbsent(List.of(call.key(), weighted), key -> {
            TrainingGraph[] built = new TrainingGraph[1];
            unet.graph().variant(List.of("train", call.key(), weighted), tf -> {
                built[0] = new TrainingGraph(tf, call, weighted);
                return built[0].built;
            });
            return built[0];
        });
        List<Tensor> feeds = new ArrayList<>();
        try {
            feeds.add(HostTensors.toTensor(noisyLatents));
            feeds.add(HostTensors.toTensor(new long[] {call.batch()}, call.timesteps()));
            feeds.add(HostTensors.toTensor(textStates));
            feeds.add(HostTensors.toTensor(target));
            if (weighted) {
                feeds.add(HostTensors.toTensor(lossWeights));
            }
            List<FloatTensor> out = optimiser.run(net.built, net.step, feeds, learningRate, 0, 1, 2);
            return new TrainingStep(out.get(1).get(0), out.get(2).get(0), out.get(0));
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
        unet.close();
    }

    /** The training computation for one input signature. */
    private final class TrainingGraph {
        final BuiltNetwork built;
        final AdamW.Step step;

        TrainingGraph(Ops tf, TensorFlowUNet.Call call, boolean weighted) {
            Placeholder<TFloat32> sample = placeholder(tf, call.sampleShape());
            Placeholder<TFloat32> timesteps = placeholder(tf, call.batch());
            Placeholder<TFloat32> text = placeholder(tf, call.textShape());
            Placeholder<TFloat32> target = placeholder(tf, call.sampleShape());
            Operand<TFloat32> pred = unet.network().build(tf, sample, timesteps, text, List.of(), null,
                    call.layout());
            Operand<TFloat32> error = tf.math.square(tf.math.sub(pred, target));
            List<Operand<?>> inputs = new ArrayList<>(List.of(sample, timesteps, text, target));
            if (weighted) {
                Placeholder<TFloat32> weights = placeholder(tf, call.sampleShape());
                error = tf.math.mul(error, weights);
                inputs.add(weights);
            }
            Operand<TFloat32> loss = tf.math.mean(error,
                    tf.constant(IntStream.range(0, call.sampleShape().length).toArray()));
            step = optimiser.minimize(tf, loss, List.of(pred));
            inputs.add(step.hyperParameters());
            built = new BuiltNetwork(inputs,
                    List.of(pred, tf.reshape(loss, tf.constant(new long[] {1})), step.gradientNorm()));
        }
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
    }
}
