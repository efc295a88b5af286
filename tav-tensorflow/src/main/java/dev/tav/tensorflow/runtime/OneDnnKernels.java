package dev.tav.tensorflow.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow's internal oneDNN kernels that tav builds into forward-only graphs directly. Grappler fuses them only
 * from patterns tav's graphs do not have (its layer-norm pattern wants {@code AddV2} and a plain {@code Square} that
 * its own arithmetic optimiser rewrites first), and they have no gradient, so graphs that are differentiated never
 * contain them. Whether this TensorFlow build has them is probed once per process.
 */
public final class OneDnnKernels {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnKernels.class);
    private static final String LAYER_NORM = "_MklLayerNorm";
    private static Boolean layerNorm;

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
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> y = layerNorm(tf, tf.constant(Shape.of(2, 4), DataBuffers.of(x)),
                    tf.constant(gamma), tf.constant(beta), eps);
            float[] got = new float[x.length];
            try (Result r = session.runner().fetch(y).run()) {
                ((TFloat32) r.get(0)).copyTo(DataBuffers.of(got, false, false));
            }
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
                    double want = (x[row * 4 + i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
                    if (Math.abs(got[row * 4 + i] - want) > 1e-4) {
                        LOG.debug("{} gives {} at {}, expected {}; not used", LAYER_NORM, got[row * 4 + i],
                                row * 4 + i, want);
                        return false;
                    }
                }
            }
            LOG.debug("{} available", LAYER_NORM);
            return true;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("{} unavailable: {}", LAYER_NORM, e.toString());
            return false;
        }
    }
}
