package dev.tav.tensorflow.clip;

import dev.tav.model.TextEncoderConfig;
import dev.tav.spi.ClipSkip;
import dev.tav.spi.TextEncoderModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.InitialWeights;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.BuiltNetwork;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;

/** The TensorFlow {@link TextEncoderModel}: one graph per sequence shape, all hidden states fetchable from it. */
public final class TensorFlowTextEncoder implements TextEncoderModel {
    private final TextEncoderConfig config;
    private final ModelGraph graph;
    private final ClipTextTransformer network;

    private TensorFlowTextEncoder(TextEncoderConfig config, ModelGraph graph, ClipTextTransformer network) {
        this.config = config;
        this.graph = graph;
        this.network = network;
    }

    /**
     * Builds the encoder and loads its weights.
     *
     * @param config the configuration
     * @param graph a new graph over the weights; the model owns it (closed here on failure)
     * @return the model
     * @throws IOException if a weight is missing, misshapen or unreadable
     */
    public static TensorFlowTextEncoder load(TextEncoderConfig config, ModelGraph graph) throws IOException {
        try {
            Objects.requireNonNull(config, "config");
            ClipTextTransformer network = new ClipTextTransformer(graph.parameters(), config);
            graph.loadParameters();
            return new TensorFlowTextEncoder(config, graph, network);
        } catch (IOException | RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Freshly initialised weights for a configuration (see
     * {@link dev.tav.spi.Backend#initialWeights(TextEncoderConfig, long)}).
     *
     * @param config the configuration
     * @param seed the seed
     * @return PyTorch-layout weights by Hugging Face name, sorted
     */
    public static Map<String, FloatTensor> initialWeights(TextEncoderConfig config, long seed) {
        Objects.requireNonNull(config, "config");
        return InitialWeights.of(store -> new ClipTextTransformer(store, config), seed);
    }

    @Override
    public TextEncoderConfig config() {
        return config;
    }

    @Override
    public FloatTensor encode(int[][] tokenIds, ClipSkip layer) {
        Objects.requireNonNull(layer, "layer");
        int layers = config.numHiddenLayers();
        if (layer.layersSkipped() > layers) {
            throw new IllegalArgumentException("clip skip " + layer.layersSkipped() + " exceeds the encoder's "
                    + layers + " layers");
        }
        int[] flat = validate(tokenIds);
        int batch = tokenIds.length;
        int length = tokenIds[0].length;
        BuiltNetwork net = graph.variant(List.of(batch, length), tf -> {
            Placeholder<TInt32> ids = tf.placeholder(TInt32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(batch, length)));
            List<Operand<org.tensorflow.types.TFloat32>> outs = network.build(tf, ids);
            return new BuiltNetwork(List.of(ids), outs);
        });
        int state = layers - layer.layersSkipped();
        int output = layer.finalLayerNorm() ? layers + 1 + state : state;
        try (TInt32 ids = HostTensors.toIntTensor(new long[] {batch, length}, flat)) {
            return graph.run(net, List.of(ids), output).get(0);
        }
    }

    private int[] validate(int[][] tokenIds) {
        Objects.requireNonNull(tokenIds, "tokenIds");
        if (tokenIds.length == 0) {
            throw new IllegalArgumentException("token ids: the batch is empty");
        }
        int length = tokenIds[0] == null ? 0 : tokenIds[0].length;
        if (length < 1 || length > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("token ids: sequence length must be in [1, "
                    + config.maxPositionEmbeddings() + "], got " + length);
        }
        int[] flat = new int[tokenIds.length * length];
        for (int b = 0; b < tokenIds.length; b++) {
            int[] row = tokenIds[b];
            if (row == null || row.length != length) {
                throw new IllegalArgumentException("token ids: row " + b + " has " + (row == null ? 0 : row.length)
                        + " ids, row 0 has " + length);
            }
            for (int i = 0; i < length; i++) {
                if (row[i] < 0 || row[i] >= config.vocabSize()) {
                    throw new IllegalArgumentException("token ids: id " + row[i] + " at [" + b + "][" + i
                            + "] is outside the vocabulary [0, " + config.vocabSize() + ")");
                }
            }
            System.arraycopy(row, 0, flat, b * length, length);
        }
        return flat;
    }

    @Override
    public void close() {
        graph.close();
    }
}
