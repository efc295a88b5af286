package dev.tav.tensorflow.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The ceiling to compare a network's FLOP rate with: a float32 {@code n×n} by {@code n×n} matrix product
 * ({@code MatMul}) in a TensorFlow session of this process, with the same thread pool as the models. Operands are
 * fed (zero copy) and the product is run as a target, not fetched, so the timing is the kernel's. Kept open so that
 * it can be sampled between the steps it is compared with: on a shared machine both then see the same load.
 */
public final class MatmulReference implements AutoCloseable {
    private final int n;
    private final Graph graph;
    private final Session session;
    private final TFloat32 a;
    private final TFloat32 b;
    private final Placeholder<TFloat32> left;
    private final Placeholder<TFloat32> right;
    private final MatMul<TFloat32> product;

    private MatmulReference(int n, ConfigProto config) {
        this.n = n;
        float[] values = new float[n * n];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        graph = new Graph();
        Ops tf = Ops.create(graph);
        left = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
        right = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
        product = tf.linalg.matMul(left, right);
        session = new Session(graph, config);
        a = TFloat32.tensorOf(Shape.of(n, n));
        b = TFloat32.tensorOf(Shape.of(n, n));
        a.asRawTensor().data().asFloats().write(values);
        b.asRawTensor().data().asFloats().write(values);
    }

    /**
     * Builds the product's graph and session and runs it once untimed.
     *
     * @param n the matrix side ({@code 2048} for the documented reference), {@code >= 1}
     * @param config the session configuration (thread pool) of the process
     * @return the open reference; close it
     */
    public static MatmulReference open(int n, ConfigProto config) {
        if (n < 1) {
            throw new IllegalArgumentException("matmul size must be >= 1, got " + n);
        }
        MatmulReference reference = new MatmulReference(n, config);
        reference.seconds();
        return reference;
    }

    /**
     * @param runs timed products, {@code >= 1}
     * @return the rate in GFLOP/s of the median run, counting {@code 2n³} FLOPs per product
     */
    public double gflops(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("matmul runs must be >= 1, got " + runs);
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = seconds();
        }
        return 2.0 * n * n * n / median(seconds) / 1e9;
    }

    private double seconds() {
        long start = System.nanoTime();
        session.runner().feed(left, a).feed(right, b).addTarget(product).run().close();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * @param values at least one value
     * @return their median (the mean of the middle two for an even count)
     */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    @Override
    public void close() {
        a.close();
        b.close();
        session.close();
        graph.close();
    }
}
