package dev.tav.tensorflow.runtime;

import dev.tav.model.ModelFormatException;
import dev.tav.model.WeightSource;
import dev.tav.model.safetensors.TensorEntry;
import dev.tav.tensor.FloatTensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * Freshly initialised weights of a network: its modules declare their parameters on a scratch
 * {@link ParameterStore} over no weights, and every parameter gets its own initializer's values (reference-specific
 * choices such as zero temporal output projections) or {@link Initializers#byKind}'s. Nothing is run.
 */
public final class InitialWeights {
    private InitialWeights() {}

    /**
     * @param declare declares the network's parameters on the store (typically by constructing the network)
     * @param seed the seed of {@link Initializers#byKind}
     * @return PyTorch-layout values by canonical parameter name, sorted by name
     */
    public static Map<String, FloatTensor> of(Consumer<ParameterStore> declare, long seed) {
        NativeRuntime.requireAvailable();
        try (Graph graph = new Graph()) {
            ParameterStore store = new ParameterStore(Ops.create(graph), None.INSTANCE);
            declare.accept(store);
            return store.initialValues(Initializers.byKind(seed));
        }
    }

    /** A weight source without weights: every parameter is fresh. */
    private enum None implements WeightSource {
        INSTANCE;

        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public Optional<TensorEntry> find(String name) {
            return Optional.empty();
        }

        @Override
        public FloatTensor read(String name) throws ModelFormatException {
            throw new ModelFormatException(null, name, "no weights: every parameter is freshly initialised");
        }

        @Override
        public String describe() {
            return "fresh initialisation";
        }

        @Override
        public void close() {}
    }
}
