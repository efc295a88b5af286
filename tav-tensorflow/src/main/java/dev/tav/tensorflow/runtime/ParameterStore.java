package dev.tav.tensorflow.runtime;

import ai.djl.ndarray.types.Shape;
import dev.tav.model.ModelFormatException;
import dev.tav.model.WeightSource;
import dev.tav.model.safetensors.TensorEntry;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * The weights of one network as TensorFlow resource variables. Network modules declare each parameter under its
 * PyTorch name and shape while the graph is built; {@link #load(Session)} then reads them all from the
 * {@link WeightSource} (or creates fresh ones), feeds them in bounded batches and assigns each variable once,
 * converting the PyTorch layout to TensorFlow's inside the assignment. Weights are never graph constants.
 */
public final class ParameterStore {
    /** How a PyTorch tensor is laid out in its variable. */
    public enum Layout {
        /** Unchanged (vectors, embedding tables). */
        AS_IS,
        /** A {@code Linear} weight {@code [out, in]} (or a 1×1 conv {@code [out, in, 1, 1]}) stored as {@code [in, out]}. */
        LINEAR,
        /** A {@code Conv2d} weight {@code [out, in, kh, kw]} stored as HWIO {@code [kh, kw, in, out]}. */
        CONV
    }

    /** What a parameter is to its module; decides how it is initialised ({@link Initializers#byKind}). */
    public enum Kind {
        /** A {@code Linear} or {@code Conv2d} weight; its fan-in is the product of all but the first dimension. */
        WEIGHT,
        /** The bias of a {@code Linear} or {@code Conv2d}; its fan-in is that of the layer's weight. */
        BIAS,
        /** A GroupNorm / LayerNorm scale ({@code weight}). */
        NORM_SCALE,
        /** A GroupNorm / LayerNorm shift ({@code bias}). */
        NORM_SHIFT,
        /** An embedding table {@code [entries, width]} (CLIP token and position embeddings). */
        EMBEDDING
    }

    /** Creates the PyTorch-layout values of a parameter that the checkpoint does not hold. */
    @FunctionalInterface
    public interface Initializer {
        /**
         * @param parameter the declared parameter (name, PyTorch shape, kind, fan-in)
         * @return {@code parameter}'s element count of values in PyTorch row-major order
         */
        float[] values(Parameter parameter);
    }

    /**
     * One declared parameter.
     *
     * @param name the canonical (first) name
     * @param names every accepted name, in preference order
     * @param torchShape the PyTorch shape
     * @param layout how it is stored
     * @param kind what it is to its module
     * @param fanIn the input features of its layer ({@code in · k²} for a convolution) for weights and biases;
     *     0 for other kinds
     * @param handle the resource variable
     * @param value the variable's current value, in TensorFlow layout
     * @param fresh how to create it when the checkpoint lacks it; empty means it is required
     */
    public record Parameter(String name, List<String> names, long[] torchShape, Layout layout, Kind kind, long fanIn,
            VarHandleOp handle, Operand<TFloat32> value, Optional<Initializer> fresh) {
        /** @return the number of elements */
        public long elementCount() {
            return ParameterStore.elementCount(torchShape);
        }
    }

    private static final long FEED_BATCH_BYTES = 256L << 20;

    private final Ops tf;
    private final WeightSource source;
    private final boolean forwardOnly;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private boolean loaded;

    /**
     * The parameters of a graph that may be differentiated.
     *
     * @param tf the graph's ops (variables are created under a {@code weights} sub-scope)
     * @param source where {@link #load(Session)} reads the values; only used until then
     */
    public ParameterStore(Ops tf, WeightSource source) {
        this(tf, source, false);
    }

    /**
     * @param tf the graph's ops (variables are created under a {@code weights} sub-scope)
     * @param source where {@link #load(Session)} reads the values; only used until then
     * @param forwardOnly whether the graph only ever evaluates forward passes (no gradient is taken), so that its
     *     modules may use kernels without a gradient
     */
    public ParameterStore(Ops tf, WeightSource source, boolean forwardOnly) {
        this.tf = tf.withSubScope("weights");
        this.source = source;
        this.forwardOnly = forwardOnly;
    }

    /** @return whether the graph only ever evaluates forward passes, so its modules may use kernels without gradient */
    public boolean forwardOnly() {
        return forwardOnly;
    }

    /**
     * @param name a PyTorch parameter name
     * @return true if the weight source holds it
     */
    public boolean sourceHas(String name) {
        return source.find(name).isPresent();
    }

    /**
     * Declares a {@code Conv2d} weight.
     *
     * @param name the PyTorch name
     * @param out output channels
     * @param in input channels
     * @param kernel the square kernel size
     * @return the HWIO value
     */
    public Operand<TFloat32> conv(String name, long out, long in, long kernel) {
        return declare(List.of(name), new long[] {out, in, kernel, kernel}, Layout.CONV, Kind.WEIGHT,
                in * kernel * kernel, null);
    }

    /**
     * Declares the bias of a {@code Linear} or {@code Conv2d}.
     *
     * @param name the PyTorch name
     * @param out output features
     * @param fanIn the fan-in of the layer's weight
     * @return the value
     */
    public Operand<TFloat32> bias(String name, long out, long fanIn) {
        return declare(List.of(name), new long[] {out}, Layout.AS_IS, Kind.BIAS, fanIn, null);
    }

    /**
     * Declares a normalisation scale or shift.
     *
     * @param name the PyTorch name
     * @param kind {@link Kind#NORM_SCALE} or {@link Kind#NORM_SHIFT}
     * @param features the normalised channels
     * @return the value
     */
    public Operand<TFloat32> norm(String name, Kind kind, long features) {
        if (kind != Kind.NORM_SCALE && kind != Kind.NORM_SHIFT) {
            throw new IllegalArgumentException("not a normalisation parameter kind: " + kind);
        }
        return declare(List.of(name), new long[] {features}, Layout.AS_IS, kind, 0, null);
    }

    /**
     * Declares an embedding table.
     *
     * @param name the PyTorch name
     * @param entries the number of rows
     * @param width the embedding width
     * @return the {@code [entries, width]} value
     */
    public Operand<TFloat32> embedding(String name, long entries, long width) {
        return declare(List.of(name), new long[] {entries, width}, Layout.AS_IS, Kind.EMBEDDING, 0, null);
    }

    /**
     * Declares a parameter in full.
     *
     * @param names accepted names in preference order (the first present in the source is read)
     * @param torchShape the PyTorch shape ({@link Layout#LINEAR} also accepts a 1×1 convolution shape
     *     {@code [out, in, 1, 1]})
     * @param layout how it is stored
     * @param kind what it is to its module
     * @param fanIn the layer's fan-in for weights and biases, 0 otherwise
     * @param fresh creates it when no name is present; {@code null} makes it required
     * @return the value in TensorFlow layout
     * @throws IllegalStateException if the name was already declared with another shape, or after loading
     */
    public Operand<TFloat32> declare(List<String> names, long[] torchShape, Layout layout, Kind kind, long fanIn,
            Initializer fresh) {
        String name = names.get(0);
        Parameter existing = parameters.get(name);
        if (existing != null) {
            if (!Arrays.equals(existing.torchShape(), torchShape) || existing.layout() != layout
                    || existing.kind() != kind) {
                throw new IllegalStateException("parameter " + name + " declared twice with different shapes");
            }
            return existing.value();
        }
        if (loaded) {
            throw new IllegalStateException("parameter " + name + " declared after loading");
        }
        long[] tfShape = tfShape(torchShape, layout);
        // Every variable needs its own shared name: handles with an empty one all alias a single resource.
        VarHandleOp handle = tf.withName(name).varHandleOp(TFloat32.class,
                org.tensorflow.ndarray.Shape.of(tfShape), VarHandleOp.sharedName(name));
        Operand<TFloat32> value = tf.readVariableOp(handle, TFloat32.class);
        parameters.put(name, new Parameter(name, List.copyOf(names), torchShape.clone(), layout, kind, fanIn, handle,
                value, Optional.ofNullable(fresh)));
        return value;
    }

    private static long[] tfShape(long[] torch, Layout layout) {
        return switch (layout) {
            case AS_IS -> torch.clone();
            case LINEAR -> new long[] {torch[1], torch[0]};
            case CONV -> new long[] {torch[2], torch[3], torch[1], torch[0]};
        };
    }

    /**
     * The values of every declared parameter as a fresh initialisation gives them, without touching the weight
     * source or the variables: each parameter's own initializer if it has one (reference-specific choices such as
     * zero output projections), {@code defaults} otherwise.
     *
     * @param defaults the initializer of parameters that have none of their own
     * @return PyTorch-layout values by canonical name, sorted by name
     */
    public Map<String, FloatTensor> initialValues(Initializer defaults) {
        Map<String, FloatTensor> values = new TreeMap<>();
        for (Parameter p : parameters.values()) {
            values.put(p.name(), FloatTensor.wrap(new Shape(p.torchShape()),
                    initialise(p, p.fresh().orElse(defaults))));
        }
        return Collections.unmodifiableMap(values);
    }

    private static float[] initialise(Parameter p, Initializer initializer) {
        float[] values = initializer.values(p);
        if (values.length != p.elementCount()) {
            throw new IllegalStateException("initializer of " + p.name() + " gave " + values.length + " values for "
                    + p.elementCount() + " elements");
        }
        return values;
    }

    /** @return every declared parameter, in declaration order */
    public Collection<Parameter> parameters() {
        return Collections.unmodifiableCollection(parameters.values());
    }

    /**
     * @param name a canonical parameter name
     * @return the parameter, if declared
     */
    public Optional<Parameter> find(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /**
     * Reads every declared parameter (or creates the fresh ones) and assigns the variables, feeding at most about
     * 256 MiB per run. Checks every present parameter's shape first, so a wrong checkpoint fails before any large
     * read.
     *
     * @param session a session on this store's graph
     * @return the canonical names of parameters that were created fresh
     * @throws ModelFormatException if a required parameter is missing or a shape differs (names the tensor)
     * @throws IOException if reading fails
     */
    public List<String> load(Session session) throws IOException {
        if (loaded) {
            throw new IllegalStateException("parameters already loaded");
        }
        Map<Parameter, String> present = new LinkedHashMap<>();
        List<String> fresh = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            Optional<String> found = p.names().stream().filter(n -> source.find(n).isPresent()).findFirst();
            if (found.isPresent()) {
                checkShape(p, source.find(found.get()).orElseThrow());
                present.put(p, found.get());
            } else if (p.fresh().isPresent()) {
                fresh.add(p.name());
            } else {
                throw new ModelFormatException(pathOf(source), p.name(), "weight missing from " + source.describe()
                        + (p.names().size() > 1 ? " (also tried " + p.names().subList(1, p.names().size()) + ")" : "")
                        + "; expected shape " + Arrays.toString(p.torchShape()));
            }
        }
        Ops assignOps = tf.withSubScope("assign");
        List<Tensor> batch = new ArrayList<>();
        Session.Runner runner = session.runner();
        long bytes = 0;
        try {
            for (Parameter p : parameters.values()) {
                float[] values = present.containsKey(p) ? read(present.get(p), p.torchShape())
                        : initialise(p, p.fresh().orElseThrow());
                TFloat32 t = HostTensors.toTensor(p.torchShape(), values);
                batch.add(t);
                Placeholder<TFloat32> in = assignOps.placeholder(TFloat32.class,
                        Placeholder.shape(org.tensorflow.ndarray.Shape.of(p.torchShape())));
                Op assign = assignOps.assignVariableOp(p.handle(), toTfLayout(assignOps, in, p));
                runner.feed(in, t).addTarget(assign);
                bytes += 4L * values.length;
                if (bytes >= FEED_BATCH_BYTES) {
                    runner.run().close();
                    closeAll(batch);
                    runner = session.runner();
                    bytes = 0;
                }
            }
            if (!batch.isEmpty()) {
                runner.run().close();
            }
        } finally {
            closeAll(batch);
        }
        loaded = true;
        return List.copyOf(fresh);
    }

    private float[] read(String name, long[] torchShape) throws IOException {
        float[] values = new float[Math.toIntExact(elementCount(torchShape))];
        source.readInto(name, FloatBuffer.wrap(values));
        return values;
    }

    /**
     * @param tf ops
     * @param torch a value in the PyTorch layout of {@code p}
     * @param p the parameter
     * @return the value in {@code p}'s variable layout
     */
    public static Operand<TFloat32> toTfLayout(Ops tf, Operand<TFloat32> torch, Parameter p) {
        return switch (p.layout()) {
            case AS_IS -> torch;
            case LINEAR -> tf.linalg.transpose(p.torchShape().length == 2 ? torch
                    : tf.reshape(torch, tf.constant(new long[] {p.torchShape()[0], p.torchShape()[1]})),
                    tf.constant(new int[] {1, 0}));
            case CONV -> tf.linalg.transpose(torch, tf.constant(new int[] {2, 3, 1, 0}));
        };
    }

    /**
     * @param tf ops
     * @param value a value in {@code p}'s variable layout
     * @param p the parameter
     * @return the value in PyTorch layout (the inverse of {@link #toTfLayout})
     */
    public static Operand<TFloat32> toTorchLayout(Ops tf, Operand<TFloat32> value, Parameter p) {
        return switch (p.layout()) {
            case AS_IS -> value;
            case LINEAR -> p.torchShape().length == 2 ? tf.linalg.transpose(value, tf.constant(new int[] {1, 0}))
                    : tf.reshape(tf.linalg.transpose(value, tf.constant(new int[] {1, 0})),
                            tf.constant(p.torchShape()));
            case CONV -> tf.linalg.transpose(value, tf.constant(new int[] {3, 2, 0, 1}));
        };
    }

    private void checkShape(Parameter p, TensorEntry entry) throws ModelFormatException {
        long[] actual = entry.shape().getShape();
        long[] expected = p.torchShape();
        boolean ok = Arrays.equals(actual, expected)
                || p.layout() == Layout.LINEAR && Arrays.equals(asMatrix(actual), asMatrix(expected));
        if (!ok) {
            throw new ModelFormatException(pathOf(source), entry.name(), "shape " + Arrays.toString(actual)
                    + " does not fit the configuration, which needs " + Arrays.toString(expected));
        }
    }

    /** A 2-D shape, or a 1×1 convolution shape, as the {@code [out, in]} matrix it is; other shapes unchanged. */
    private static long[] asMatrix(long[] shape) {
        return shape.length == 4 && shape[2] == 1 && shape[3] == 1 ? new long[] {shape[0], shape[1]} : shape;
    }

    private static Path pathOf(WeightSource source) {
        try {
            return Path.of(source.describe());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void closeAll(List<Tensor> tensors) {
        tensors.forEach(Tensor::close);
        tensors.clear();
    }
}
