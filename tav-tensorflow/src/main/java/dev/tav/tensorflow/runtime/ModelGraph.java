package dev.tav.tensorflow.runtime;

import dev.tav.model.WeightSource;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.op.Op;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One network's TensorFlow graph and session: the weight variables (loaded once), and the forward computations built
 * for each distinct input signature (shape, attention pattern…), cached and reused. All variants share the
 * variables. One {@code Session.run} per evaluation. Closing closes the session before the graph (the reverse
 * hangs).
 *
 * <p>Thread-safe: building, running and closing are serialised, so closing waits for a running evaluation.
 */
public final class ModelGraph implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelGraph.class);

    private final String name;
    private final Graph graph;
    private final Ops tf;
    private final Session session;
    private final ParameterStore parameters;
    private final Map<Object, BuiltNetwork> variants = new HashMap<>();
    private boolean closed;

    /** What a graph's session is configured for. */
    public enum Purpose {
        /**
         * Forward computations only: Grappler optimises each graph, and modules may use kernels without a gradient
         * ({@link ParameterStore#forwardOnly()}).
         */
        INFERENCE,
        /** Training steps too: {@link NativeRuntime#trainingSessionConfig(int)} (exactly reproducible gradients). */
        TRAINING
    }

    /**
     * An inference graph.
     *
     * @param name the network's name, for logs and messages
     * @param threads intra-op threads for the first session of the process
     * @param weights where the parameters are read from at {@link #loadParameters()}
     */
    public ModelGraph(String name, int threads, WeightSource weights) {
        this(name, threads, weights, Purpose.INFERENCE);
    }

    /**
     * @param name the network's name, for logs and messages
     * @param threads intra-op threads for the first session of the process
     * @param weights where the parameters are read from at {@link #loadParameters()}
     * @param purpose what the session is configured for
     */
    public ModelGraph(String name, int threads, WeightSource weights, Purpose purpose) {
        NativeRuntime.requireAvailable();
        this.name = name;
        this.graph = new Graph();
        try {
            this.tf = Ops.create(graph);
            this.session = new Session(graph, purpose == Purpose.TRAINING ? NativeRuntime.trainingSessionConfig(threads)
                    : NativeRuntime.sessionConfig(threads));
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
        this.parameters = new ParameterStore(tf, weights, purpose == Purpose.INFERENCE);
    }

    /** @return the network's name */
    public String name() {
        return name;
    }

    /** @return the builder of this graph's operations */
    public Ops ops() {
        return tf;
    }

    /** @return the graph (for gradients) */
    public Graph graph() {
        return graph;
    }

    /** @return the session */
    public Session session() {
        return session;
    }

    /** @return the weight variables */
    public ParameterStore parameters() {
        return parameters;
    }

    /**
     * Loads every declared parameter.
     *
     * @return names of parameters created fresh because the checkpoint lacks them
     * @throws IOException if a weight is missing, misshapen or unreadable
     */
    public List<String> loadParameters() throws IOException {
        long start = System.nanoTime();
        List<String> fresh = parameters.load(session);
        LOG.debug("{}: {} parameters loaded in {} ms", name, parameters.parameters().size(),
                (System.nanoTime() - start) / 1_000_000);
        return fresh;
    }

    /**
     * Returns the computation built for {@code key}, building it on first use.
     *
     * @param key a value identifying the signature (equal keys share a computation)
     * @param builder builds it from this graph's ops (called at most once per key)
     * @return the computation
     */
    public synchronized BuiltNetwork variant(Object key, Function<Ops, BuiltNetwork> builder) {
        ensureOpen();
        BuiltNetwork net = variants.get(key);
        if (net == null) {
            long start = System.nanoTime();
            net = builder.apply(tf.withSubScope("v" + variants.size()));
            variants.put(key, net);
            LOG.debug("{}: built computation {} for {} in {} ms", name, variants.size(), key,
                    (System.nanoTime() - start) / 1_000_000);
        }
        return net;
    }

    /**
     * Runs a computation once: feeds the inputs in order, fetches the requested outputs, copies them to the heap and
     * closes every native result.
     *
     * @param net the computation
     * @param inputs one tensor per input placeholder, in order (owned by the caller)
     * @param outputs indexes into {@link BuiltNetwork#outputs()}
     * @return the fetched values, in the order requested
     */
    public List<FloatTensor> run(BuiltNetwork net, List<? extends Tensor> inputs, int... outputs) {
        return run(net, inputs, List.of(), outputs);
    }

    /**
     * Runs a computation once, also running {@code targets} (operations whose effect is wanted, such as variable
     * updates), and copies the fetched outputs to the heap.
     *
     * @param net the computation
     * @param inputs one tensor per input placeholder, in order (owned by the caller)
     * @param targets operations to run for their effect
     * @param outputs indexes into {@link BuiltNetwork#outputs()}
     * @return the fetched values, in the order requested
     */
    public synchronized List<FloatTensor> run(BuiltNetwork net, List<? extends Tensor> inputs,
            List<? extends Op> targets, int... outputs) {
        ensureOpen();
        if (inputs.size() != net.inputs().size()) {
            throw new IllegalArgumentException("expected " + net.inputs().size() + " inputs, got " + inputs.size());
        }
        long start = System.nanoTime();
        Session.Runner runner = session.runner();
        for (int i = 0; i < inputs.size(); i++) {
            runner.feed(net.inputs().get(i), inputs.get(i));
        }
        for (int o : outputs) {
            runner.fetch(net.outputs().get(o));
        }
        for (Op target : targets) {
            runner.addTarget(target);
        }
        try (Result result = runner.run()) {
            List<FloatTensor> out = new ArrayList<>(outputs.length);
            for (int i = 0; i < outputs.length; i++) {
                out.add(HostTensors.toHost((TFloat32) result.get(i)));
            }
            if (LOG.isTraceEnabled()) {
                LOG.trace("{}: run in {} ms", name, (System.nanoTime() - start) / 1_000_000);
            }
            return out;
        }
    }

    /** @return the number of computations built so far */
    public int variantCount() {
        return variants.size();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    /** @return true once closed */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the session, then the graph. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } finally {
            graph.close();
        }
    }

    /**
     * One forward computation of the graph.
     *
     * @param inputs the placeholders to feed, in order
     * @param outputs the values that can be fetched
     */
    public record BuiltNetwork(List<Operand<?>> inputs, List<Operand<TFloat32>> outputs) {
        /** Copies the lists. */
        public BuiltNetwork {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }
}
