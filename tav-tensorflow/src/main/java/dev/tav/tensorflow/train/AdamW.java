package dev.tav.tensorflow.train;

import dev.tav.spi.AdamWSettings;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.TrainerState;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.BuiltNetwork;
import dev.tav.tensorflow.runtime.ParameterStore;
import dev.tav.tensorflow.runtime.ParameterStore.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * AdamW with global-norm gradient clipping over the trainable parameters of one {@link ModelGraph}, as graph
 * operations, shared by every trainer of the backend. {@link #minimize} adds to a training computation the gradients
 * of the trainable parameters only (TensorFlow prunes the rest), their global L2 norm, clipping to
 * {@link AdamWSettings#maxGradNorm()} (coefficient {@code min(1, max / (norm + 1e-6))}, as
 * {@code torch.nn.utils.clip_grad_norm_}), and the {@code torch.optim.AdamW} update of parameters and moments:
 * decoupled decay {@code p *= 1 − lr·wd} first, then the bias-corrected Adam step, whose corrections are fed per
 * step. {@link #run} runs one such computation as one {@code Session.run} and counts the update. The optimiser state
 * (parameters, moments, update count) reads and writes in PyTorch layout for checkpoints.
 *
 * <p>Thread-safe: every method is serialised on this object.
 */
public final class AdamW {
    private static final int HYPER_PARAMETERS = 3;

    private final ModelGraph graph;
    private final AdamWSettings settings;
    private final List<Parameter> trainable;
    private final List<VarHandleOp> firstMoments = new ArrayList<>();
    private final List<VarHandleOp> secondMoments = new ArrayList<>();
    private final BuiltNetwork readState;
    private final BuiltNetwork writeState;
    private final List<Op> assigns = new ArrayList<>();
    private int updates;

    private AdamW(ModelGraph graph, AdamWSettings settings, List<Parameter> trainable) {
        this.graph = graph;
        this.settings = settings;
        this.trainable = trainable;
        Ops tf = graph.ops().withSubScope("adamw");
        for (Parameter p : trainable) {
            firstMoments.add(moment(tf, p, "m"));
            secondMoments.add(moment(tf, p, "v"));
        }
        List<Operand<TFloat32>> reads = new ArrayList<>();
        List<Operand<?>> inputs = new ArrayList<>();
        List<Op> zero = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            Parameter p = trainable.get(i);
            for (VarHandleOp h : List.of(p.handle(), firstMoments.get(i), secondMoments.get(i))) {
                reads.add(ParameterStore.toTorchLayout(tf, tf.readVariableOp(h, TFloat32.class), p));
                Placeholder<TFloat32> in = placeholder(tf, p.torchShape());
                inputs.add(in);
                assigns.add(tf.assignVariableOp(h, ParameterStore.toTfLayout(tf, in, p)));
            }
            for (VarHandleOp moment : List.of(firstMoments.get(i), secondMoments.get(i))) {
                // fill, not zeros: Ops.zeros opens a name sub-scope, which scans the whole graph (quadratic)
                zero.add(tf.assignVariableOp(moment, tf.fill(tf.constant(p.value().shape().asArray()),
                        tf.constant(0f))));
            }
        }
        readState = new BuiltNetwork(List.of(), reads);
        writeState = new BuiltNetwork(inputs, List.of());
        graph.run(new BuiltNetwork(List.of(), List.of()), List.of(), zero);
    }

    /**
     * Creates the optimiser's moments (zero) for the parameters {@code options} selects.
     *
     * @param graph the graph whose parameters are declared and loaded
     * @param options which parameters train, and the optimiser settings
     * @return the optimiser
     * @throws IllegalArgumentException if no parameter of the graph is selected
     */
    public static AdamW create(ModelGraph graph, TrainerOptions options) {
        Objects.requireNonNull(options, "options");
        List<Parameter> trainable = graph.parameters().parameters().stream()
                .filter(p -> options.isTrainable(p.name()))
                .sorted(Comparator.comparing(Parameter::name))
                .toList();
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("trainableModules " + options.trainableModules()
                    + " match no parameter of the " + graph.name());
        }
        return new AdamW(graph, options.adamW(), trainable);
    }

    private static VarHandleOp moment(Ops tf, Parameter p, String kind) {
        String name = "adamw/" + kind + "/" + p.name();
        return tf.withName(kind + "_" + p.name().replace('.', '_')).varHandleOp(TFloat32.class,
                p.value().shape(), VarHandleOp.sharedName(name));
    }

    /** @return the trainable parameter names, sorted */
    public List<String> names() {
        return trainable.stream().map(Parameter::name).toList();
    }

    /**
     * The operations of one optimisation step added to a training computation.
     *
     * @param hyperParameters the placeholder {@link #run} feeds (learning rate and bias corrections); it must be
     *     the last input of the computation
     * @param gradientNorm the global gradient norm before clipping, shape {@code [1]}
     * @param updates the variable assignments to run as targets
     */
    public record Step(Placeholder<TFloat32> hyperParameters, Operand<TFloat32> gradientNorm, List<Op> updates) {
        /** Copies the list. */
        public Step {
            updates = List.copyOf(updates);
        }
    }

    /**
     * Adds gradients, clipping and the update to a training computation being built.
     *
     * @param tf the computation's ops
     * @param loss the scalar loss
     * @param observed values the step reports, computed before any parameter changes
     * @return the step's placeholder, gradient norm and update operations
     */
    public synchronized Step minimize(Ops tf, Operand<TFloat32> loss, List<? extends Operand<?>> observed) {
        Placeholder<TFloat32> hyper = placeholder(tf, HYPER_PARAMETERS);
        Output<?>[] grads = graph.graph().addGradients(loss.asOutput(),
                trainable.stream().map(p -> p.value().asOutput()).toArray(Output<?>[]::new));
        Operand<TFloat32> sumSquares = null;
        for (Output<?> g : grads) {
            Operand<TFloat32> s = tf.reduceSum(tf.math.square(asFloat(g)), allAxes(tf, g.shape().numDimensions()));
            sumSquares = sumSquares == null ? s : tf.math.add(sumSquares, s);
        }
        Operand<TFloat32> norm = tf.math.sqrt(sumSquares);
        Operand<TFloat32> coef = tf.math.minimum(tf.constant(1f),
                tf.math.div(tf.constant((float) settings.maxGradNorm()), tf.math.add(norm, tf.constant(1e-6f))));
        Operand<TFloat32> lr = tf.gather(hyper, tf.constant(0), tf.constant(0));
        Operand<TFloat32> stepSize = tf.gather(hyper, tf.constant(1), tf.constant(0));
        Operand<TFloat32> invSqrtBc2 = tf.gather(hyper, tf.constant(2), tf.constant(0));
        List<Op> first = new ArrayList<>(observed);
        first.add(loss);
        first.add(norm);
        Ops after = tf.withControlDependencies(first);
        Operand<TFloat32> decay = after.math.sub(after.constant(1f),
                after.math.mul(lr, after.constant((float) settings.weightDecay())));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            Parameter p = trainable.get(i);
            Operand<TFloat32> g = after.math.mul(asFloat(grads[i]), coef);
            Operand<TFloat32> m = after.readVariableOp(firstMoments.get(i), TFloat32.class);
            Operand<TFloat32> v = after.readVariableOp(secondMoments.get(i), TFloat32.class);
            Operand<TFloat32> mNew = after.math.add(after.math.mul(m, after.constant((float) settings.beta1())),
                    after.math.mul(g, after.constant((float) (1 - settings.beta1()))));
            Operand<TFloat32> vNew = after.math.add(after.math.mul(v, after.constant((float) settings.beta2())),
                    after.math.mul(after.math.square(g), after.constant((float) (1 - settings.beta2()))));
            Operand<TFloat32> denom = after.math.add(after.math.mul(after.math.sqrt(vNew), invSqrtBc2),
                    after.constant((float) settings.epsilon()));
            Operand<TFloat32> pNew = after.math.sub(after.math.mul(p.value(), decay),
                    after.math.mul(stepSize, after.math.div(mNew, denom)));
            ops.add(after.assignVariableOp(firstMoments.get(i), mNew));
            ops.add(after.assignVariableOp(secondMoments.get(i), vNew));
            ops.add(after.assignVariableOp(p.handle(), pNew));
        }
        return new Step(hyper, tf.reshape(norm, tf.constant(new long[] {1})), ops);
    }

    /**
     * Runs one optimisation step: feeds {@code inputs} and the step's hyper-parameters, fetches {@code outputs},
     * applies the update and counts it.
     *
     * @param net the training computation; its last input is {@code step.hyperParameters()}
     * @param step the step built into {@code net} by {@link #minimize}
     * @param inputs one tensor per other input of {@code net}, in order (owned by the caller)
     * @param learningRate the step's learning rate, {@code > 0} and finite
     * @param outputs indexes into {@code net.outputs()}
     * @return the fetched values, computed before the update
     * @throws IllegalArgumentException if the learning rate is not a positive finite number
     */
    public synchronized List<FloatTensor> run(BuiltNetwork net, Step step, List<? extends Tensor> inputs,
            double learningRate, int... outputs) {
        checkLearningRate(learningRate);
        if (net.inputs().isEmpty() || net.inputs().get(net.inputs().size() - 1) != step.hyperParameters()) {
            throw new IllegalStateException("the computation's last input must be the step's hyper-parameters");
        }
        int k = updates + 1;
        // learning rate, Adam step size lr / (1 - beta1^k), 1 / sqrt(1 - beta2^k)
        float[] hyper = {(float) learningRate, (float) (learningRate / (1 - Math.pow(settings.beta1(), k))),
            (float) (1 / Math.sqrt(1 - Math.pow(settings.beta2(), k)))};
        try (TFloat32 h = HostTensors.toTensor(new long[] {HYPER_PARAMETERS}, hyper)) {
            List<Tensor> feeds = new ArrayList<>(inputs);
            feeds.add(h);
            List<FloatTensor> out = graph.run(net, feeds, step.updates(), outputs);
            updates = k;
            return out;
        }
    }

    /**
     * @param learningRate a learning rate
     * @throws IllegalArgumentException if it is not a positive finite number (naming the setting)
     */
    public static void checkLearningRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive number, got " + learningRate);
        }
    }

    /** @return a copy of the trainable parameters and moments in PyTorch layout, and the update count */
    public synchronized TrainerState state() {
        List<FloatTensor> values = graph.run(readState, List.of(), IntStream.range(0, 3 * trainable.size())
                .toArray());
        Map<String, FloatTensor> p = new LinkedHashMap<>();
        Map<String, FloatTensor> m = new LinkedHashMap<>();
        Map<String, FloatTensor> v = new LinkedHashMap<>();
        for (int i = 0; i < trainable.size(); i++) {
            String name = trainable.get(i).name();
            p.put(name, values.get(3 * i));
            m.put(name, values.get(3 * i + 1));
            v.put(name, values.get(3 * i + 2));
        }
        return new TrainerState(updates, p, m, v);
    }

    /**
     * Replaces the trainable parameters, moments and update count.
     *
     * @param state a state of the same trainable parameters and PyTorch shapes
     * @throws IllegalArgumentException if names or shapes differ (nothing is changed then)
     */
    public synchronized void restore(TrainerState state) {
        Objects.requireNonNull(state, "state");
        if (state.parameters().size() != trainable.size()) {
            throw new IllegalArgumentException("state holds " + state.parameters().size()
                    + " parameters, the trainer trains " + trainable.size());
        }
        List<Tensor> feeds = new ArrayList<>();
        try {
            for (Parameter p : trainable) {
                for (Map<String, FloatTensor> map : List.of(state.parameters(), state.firstMoments(),
                        state.secondMoments())) {
                    FloatTensor t = map.get(p.name());
                    if (t == null || !Arrays.equals(t.shape().getShape(), p.torchShape())) {
                        throw new IllegalArgumentException("state: " + p.name() + " must have shape "
                                + Arrays.toString(p.torchShape()) + ", got " + (t == null ? "nothing" : t.shape()));
                    }
                    feeds.add(HostTensors.toTensor(t));
                }
            }
            graph.run(writeState, feeds, assigns);
            updates = state.updates();
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> asFloat(Output<?> gradient) {
        return (Operand<TFloat32>) gradient;
    }

    private static Operand<TInt32> allAxes(Ops tf, int rank) {
        return tf.constant(IntStream.range(0, rank).toArray());
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
    }
}
