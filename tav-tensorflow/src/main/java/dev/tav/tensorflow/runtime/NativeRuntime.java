package dev.tav.tensorflow.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * Process-wide facts about the TensorFlow native runtime: whether it loads, and the session configuration. TensorFlow
 * creates its CPU thread pools with the first session of the process and ignores the settings of later sessions, so
 * the first requested thread count wins and later different requests are logged.
 */
public final class NativeRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    private static final Object LOCK = new Object();
    private static Boolean available;
    private static String loadFailure = "";
    private static int poolThreads;

    private NativeRuntime() {}

    /**
     * Loads the native library once and tells whether it works. Never throws.
     *
     * @return true if TensorFlow's native library loaded
     */
    public static boolean isAvailable() {
        synchronized (LOCK) {
            if (available == null) {
                try {
                    String version = TensorFlow.version();
                    LOG.debug("TensorFlow native runtime {} loaded", version);
                    available = true;
                } catch (Throwable e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
                    loadFailure = e.toString();
                    LOG.debug("TensorFlow native runtime unavailable: {}", loadFailure);
                    available = false;
                }
            }
            return available;
        }
    }

    /**
     * @throws IllegalStateException if the native library does not load, with the reason
     */
    public static void requireAvailable() {
        if (!isAvailable()) {
            throw new IllegalStateException("the TensorFlow native library does not load on this machine ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + "): " + loadFailure);
        }
    }

    /**
     * The configuration for a new session: {@code threads} intra-op threads and one inter-op thread. The first call
     * of the process fixes the pool size; a later call asking for another count gets the same configuration (which
     * TensorFlow would ignore anyway) and a log line.
     *
     * @param threads the intra-op thread count, {@code >= 1}
     * @return the session configuration, with Grappler's graph rewrites on
     */
    public static ConfigProto sessionConfig(int threads) {
        return sessionConfig(threads, true);
    }

    private static ConfigProto sessionConfig(int threads, boolean graphRewrites) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        synchronized (LOCK) {
            if (poolThreads == 0) {
                poolThreads = threads;
                LOG.debug("TensorFlow thread pool: {} intra-op threads, 1 inter-op thread", threads);
            } else if (poolThreads != threads) {
                LOG.info("TensorFlow's thread pool already has {} threads (process-wide); {} requested, ignored",
                        poolThreads, threads);
            }
            return ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(poolThreads)
                    .setInterOpParallelismThreads(1)
                    .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
                            RewriterConfig.newBuilder().setDisableMetaOptimizer(!graphRewrites)))
                    .build();
        }
    }

    /**
     * The configuration for a training session: {@link #sessionConfig(int)} with Grappler's meta-optimizer off.
     * Grappler rewrites a training graph slowly and gains nothing on it (measured here for all-parameter training at
     * batch 16: first step 4.3 s → 1.3 s for a small VAE and 8.5 s → 2.4 s for a small U-Net, later steps no slower;
     * DESIGN §7 saw the same for tuning).
     *
     * @param threads the intra-op thread count, {@code >= 1}
     * @return the session configuration
     */
    public static ConfigProto trainingSessionConfig(int threads) {
        return sessionConfig(threads, false);
    }
}
