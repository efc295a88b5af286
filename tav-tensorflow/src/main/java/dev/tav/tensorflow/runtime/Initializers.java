package dev.tav.tensorflow.runtime;

import dev.tav.tensorflow.runtime.ParameterStore.Initializer;
import dev.tav.tensorflow.runtime.ParameterStore.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Initializers for parameters a checkpoint does not hold. Random ones depend on the seed and the parameter's name
 * only, never on the order parameters are created in.
 */
public final class Initializers {
    /** The standard deviation of fresh embedding tables (CLIP's {@code initializer_range}). */
    public static final double EMBEDDING_STD = 0.02;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Initializers() {}

    /**
     * @param value the value of every element
     * @return an initializer filling the tensor with {@code value}
     */
    public static Initializer constant(float value) {
        return p -> {
            float[] v = new float[Math.toIntExact(p.elementCount())];
            Arrays.fill(v, value);
            return v;
        };
    }

    /**
     * PyTorch's default initialisation, decided by the parameter's {@linkplain ParameterStore.Kind kind} (the one
     * place that decides it):
     * <ul>
     *   <li>{@code Linear} / {@code Conv2d} weights and biases: uniform in {@code ±1/√fan_in} (Kaiming-uniform with
     *       {@code a = √5} for weights, the {@code nn.Linear} / {@code nn.Conv2d} bias rule for biases), with
     *       {@code fan_in} the layer's input features times its kernel area;</li>
     *   <li>GroupNorm / LayerNorm: scale 1, shift 0;</li>
     *   <li>embedding tables: normal with standard deviation {@value #EMBEDDING_STD} (CLIP's token and position
     *       embeddings).</li>
     * </ul>
     *
     * @param seed the seed; combined with each parameter's name
     * @return the initializer
     */
    public static Initializer byKind(long seed) {
        return p -> switch (p.kind()) {
            case WEIGHT, BIAS -> uniform(p, seed, 1 / Math.sqrt(p.fanIn()));
            case NORM_SCALE -> constant(1).values(p);
            case NORM_SHIFT -> constant(0).values(p);
            case EMBEDDING -> normal(p, seed, EMBEDDING_STD);
        };
    }

    private static float[] uniform(Parameter p, long seed, double bound) {
        if (p.fanIn() <= 0) {
            throw new IllegalStateException(p.name() + ": a " + p.kind() + " needs a positive fan-in");
        }
        SplittableRandom random = random(p, seed);
        float[] v = new float[Math.toIntExact(p.elementCount())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    private static float[] normal(Parameter p, long seed, double std) {
        SplittableRandom random = random(p, seed);
        float[] v = new float[Math.toIntExact(p.elementCount())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (std * random.nextGaussian());
        }
        return v;
    }

    private static SplittableRandom random(Parameter p, long seed) {
        return new SplittableRandom(seed * GOLDEN + p.name().hashCode());
    }
}
