package dev.tav.tensorflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's internal oneDNN kernels that tav builds into forward-only graphs directly. Grappler fuses them only
 * from patterns tav's graphs do not have (its layer-norm pattern wants {@code AddV2} and a plain {@code Square} that
 * its own arithmetic optimiser rewrites first; its GELU pattern needs the GELU right after a product, where GEGLU has
 * a split), and they have no gradient, so graphs that are differentiated never contain them. Whether this
 * TensorFlow build has each is probed once per process.
 */
public final class OneDnnKernels {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnKernels.class);
    private static final String LAYER_NORM = "_MklLayerNorm";
    private static final String FUSED_MAT_MUL = "_FusedMatMul";
    private static Boolean layerNorm;
    private static Boolean matMulGelu;

    private OneDnnKernels() {}

    /**
     * Whether {@link #layerNorm} works here: the first call builds and runs it on a small input and compares the
     * result with the definition. Never throws.
     *
     * @return true if the fused layer norm is registered, runs and is correct
     */
    public static synchronized boolean hasLayerNorm() {
        if (layerNorm == null) {
            layerNorm = probeLayerNorm();
        }
        return layerNorm;
    }

    /**
     * Whether {@link #matMulBiasGelu} works here, probed like {@link #hasLayerNorm()}. Never throws.
     *
     * @return true if the fused product with exact GELU is registered, runs and is correct
     */
    public static synchronized boolean hasMatMulGelu() {
        if (matMulGelu == null) {
            matMulGelu = probeMatMulGelu();
        }
        return matMulGelu;
    }

    /**
     * {@code gelu(x·w + b)} with the exact (erf) GELU, as one oneDNN product with the bias and activation applied to
     * its output. Forward only: it has no gradient.
     *
     * @param tf ops
     * @param x {@code [rows, in]}
     * @param w {@code [in, out]}
     * @param b {@code [out]}
     * @return {@code [rows, out]}
     */
    public static Operand<TFloat32> matMulBiasGelu(Ops tf, Operand<TFloat32> x, Operand<TFloat32> w,
            Operand<TFloat32> b) {
        OperationBuilder op = tf.scope().opBuilder(FUSED_MAT_MUL, "MatMulBiasGelu");
        op.addInput(x.asOutput());
        op.addInput(w.asOutput());
        op.addInputList(new Output<?>[] {b.asOutput()});
        op.setAttr("transpose_a", false);
        op.setAttr("transpose_b", false);
        op.setAttr("num_args", 1L);
        op.setAttr("fused_ops", new String[] {"BiasAdd", "GeluExact"});
        return op.build().output(0);
    }

    /**
     * oneDNN's layer normalisation over the last axis, {@code (x - mean) / sqrt(var + eps) · gamma + beta} with the
     * biased variance (PyTorch's {@code nn.LayerNorm}), in one kernel. Forward only: it has no gradient.
     *
     * @param tf ops
     * @param x {@code [..., features]} of rank 2 or 3
     * @param gamma {@code [features]}
     * @param beta {@code [features]}
     * @param eps the variance epsilon
     * @return the normalised tensor, same shape
     */
    public static Operand<TFloat32> layerNorm(Ops tf, Operand<TFloat32> x, Operand<TFloat32> gamma,
            Operand<TFloat32> beta, float eps) {
        int rank = x.shape().numDimensions();
        if (rank < 2 || rank > 3) {
            throw new IllegalArgumentException("the fused layer norm takes rank 2 or 3, got " + x.shape());
        }
        OperationBuilder op = tf.scope().opBuilder(LAYER_NORM, "LayerNorm");
        op.addInput(x.asOutput());
        op.addInput(gamma.asOutput());
        op.addInput(beta.asOutput());
        op.setAttr("epsilon", eps);
        return op.build().output(0);
    }

    private static boolean probeLayerNorm() {
        float[] x = {1, 2, 3, 4, -1, 0, 5, 2};
        float[] gamma = {1, 2, 0.5f, -1};
        float[] beta = {0, 1, -1, 0.5f};
        float eps = 1e-5f;
        float[] expected = new float[x.length];
        for (int row = 0; row < 2; row++) {
            double mean = 0;
            double var = 0;
            for (int i = 0; i < 4; i++) {
                mean += x[row * 4 + i] / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                var += Math.pow(x[row * 4 + i] - mean, 2) / 4.0;
            }
            for (int i = 0; i < 4; i++) {
                expected[row * 4 + i] = (float) ((x[row * 4 + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i]);
            }
        }
        return probe(LAYER_NORM, (tf, in) -> layerNorm(tf, in.get(0), in.get(1), in.get(2), eps), expected,
                List.of(new Input(new long[] {2, 4}, x), new Input(new long[] {4}, gamma),
                        new Input(new long[] {4}, beta)));
    }

    private static boolean probeMatMulGelu() {
        float[] x = {1, -2, 0.5f, 3, 0, -1};
        float[] w = {0.5f, -1, 2, 0.25f, 1, -0.5f};
        float[] b = {0.1f, -0.2f};
        // gelu(x·w + b) of the pre-activations -2.9, -1.95, 0.6, -2.7, with Python's math.erf
        float[] expected = {-0.0054108586f, -0.0498967161f, 0.4354481293f, -0.0093608293f};
        return probe(FUSED_MAT_MUL + " with GeluExact", (tf, in) -> matMulBiasGelu(tf, in.get(0), in.get(1),
                in.get(2)), expected, List.of(new Input(new long[] {2, 3}, x), new Input(new long[] {3, 2}, w),
                new Input(new long[] {2}, b)));
    }

    /** A fed input of a probe. */
    private record Input(long[] shape, float[] values) {}

    /**
     * Builds and runs a kernel on small fed inputs in a scratch graph and compares it with the expected values. The
     * inputs are placeholders, not constants, so that Grappler does not try to fold the kernel with TensorFlow's
     * default implementation (which lacks some fusions and logs a failure).
     */
    private static boolean probe(String kernel, BiFunction<Ops, List<Operand<TFloat32>>, Operand<TFloat32>> build,
            float[] expected, List<Input> inputs) {
        List<TFloat32> fed = new ArrayList<>();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            List<Operand<TFloat32>> placeholders = new ArrayList<>();
            Session.Runner runner = session.runner();
            for (Input input : inputs) {
                Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(input.shape())));
                fed.add(HostTensors.toTensor(input.shape(), input.values()));
                runner.feed(p, fed.get(fed.size() - 1));
                placeholders.add(p);
            }
            float[] got;
            try (Result r = runner.fetch(build.apply(tf, placeholders)).run()) {
                got = HostTensors.toHost((TFloat32) r.get(0)).toArray();
            }
            for (int i = 0; i < expected.length; i++) {
                if (Math.abs(got[i] - expected[i]) > 1e-4) {
                    LOG.debug("{} gives {} at {}, expected {}; not used", kernel, got[i], i, expected[i]);
                    return false;
                }
            }
            LOG.debug("{} available", kernel);
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("{} unavailable: {}", kernel, e.toString());
            return false;
        } finally {
            fed.forEach(TFloat32::close);
        }
    }
}
