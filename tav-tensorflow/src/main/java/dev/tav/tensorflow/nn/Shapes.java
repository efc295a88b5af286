package dev.tav.tensorflow.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Static-shape helpers: every graph here has fully known shapes, so reshapes use constants. */
public final class Shapes {
    /** The most operands one {@code ConcatV2} node takes in {@link #concat} (its axis makes eight inputs). */
    static final int MAX_CONCAT_PARTS = 7;

    private Shapes() {}

    /**
     * @param x an operand with a fully known static shape
     * @return its dimensions
     */
    public static long[] dims(Operand<?> x) {
        long[] d = x.shape().asArray();
        for (long v : d) {
            if (v < 0) {
                throw new IllegalStateException("operand " + x + " has an unknown dimension: " + x.shape());
            }
        }
        return d;
    }

    /**
     * @param x an operand
     * @param axis an axis, negative counting from the end
     * @return that dimension's static size
     */
    public static long dim(Operand<?> x, int axis) {
        long[] d = dims(x);
        return d[axis < 0 ? d.length + axis : axis];
    }

    /**
     * @param tf ops
     * @param x an operand
     * @param shape the new static shape
     * @return {@code x} reshaped
     */
    public static Operand<TFloat32> reshape(Ops tf, Operand<TFloat32> x, long... shape) {
        return tf.reshape(x, tf.constant(shape));
    }

    /**
     * @param tf ops
     * @param x an operand
     * @param perm the axis permutation
     * @return {@code x} transposed
     */
    public static Operand<TFloat32> transpose(Ops tf, Operand<TFloat32> x, int... perm) {
        return tf.linalg.transpose(x, tf.constant(perm));
    }

    /**
     * Concatenates along an axis, as a tree of {@code ConcatV2} operations with at most {@value #MAX_CONCAT_PARTS}
     * parts each (same values as one concatenation). TensorFlow's gradient builder walks a node's inputs in the order
     * its edge set iterates; beyond eight edges that set is hashed by address, so a wider concatenation makes the
     * order in which gradients are summed, and hence their last bits, differ from one graph to the next, and a
     * restored training run would not continue exactly.
     *
     * @param tf ops
     * @param parts the operands, in order; at least one
     * @param axis the axis
     * @return the concatenation ({@code parts.get(0)} itself for a single part)
     */
    public static Operand<TFloat32> concat(Ops tf, List<Operand<TFloat32>> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (parts.size() <= MAX_CONCAT_PARTS) {
            return tf.concat(parts, tf.constant(axis));
        }
        List<Operand<TFloat32>> groups = new ArrayList<>();
        for (int i = 0; i < parts.size(); i += MAX_CONCAT_PARTS) {
            groups.add(concat(tf, parts.subList(i, Math.min(parts.size(), i + MAX_CONCAT_PARTS)), axis));
        }
        return concat(tf, groups, axis);
    }
}
