package dev.tav.tensorflow.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/** Inputs and graph inspection shared by the layer tests. */
final class NnTestSupport {
    private NnTestSupport() {}

    /** @return {@code size} values uniform in {@code [-bound, bound)}, from a seed */
    static float[] uniform(int size, long seed, double bound) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) r.nextDouble(-bound, bound);
        }
        return out;
    }

    /** @return the type of every operation of the graph, in graph order */
    static List<String> opTypes(Graph graph) {
        List<String> types = new ArrayList<>();
        for (Iterator<GraphOperation> it = graph.operations(); it.hasNext();) {
            types.add(it.next().type());
        }
        return types;
    }
}
