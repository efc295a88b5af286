package dev.tav.tensorflow.vae;

import dev.tav.model.VaeConfig;
import dev.tav.spi.LatentDistribution;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.InitialWeights;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.BuiltNetwork;
import dev.tav.tensorflow.runtime.ShapeChecks;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The TensorFlow {@link VaeModel}: one encode and one decode graph per input shape. */
public final class TensorFlowVae implements VaeModel {
    private final VaeConfig config;
    private final ModelGraph graph;
    private final VaeNetwork network;

    private TensorFlowVae(VaeConfig config, ModelGraph graph, VaeNetwork network) {
        this.config = config;
        this.graph = graph;
        this.network = network;
    }

    /**
     * Builds the autoencoder and loads its weights.
     *
     * @param config the configuration
     * @param graph a new graph over the weights; the model owns it (closed here on failure)
     * @param queryChunk the attention query chunk ({@code 0} for none)
     * @return the model
     * @throws IOException if a weight is missing, misshapen or unreadable
     */
    public static TensorFlowVae load(VaeConfig config, ModelGraph graph, int queryChunk) throws IOException {
        try {
            Objects.requireNonNull(config, "config");
            VaeNetwork network = new VaeNetwork(graph.parameters(), config, queryChunk);
            graph.loadParameters();
            return new TensorFlowVae(config, graph, network);
        } catch (IOException | RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Freshly initialised weights for a configuration (see {@link dev.tav.spi.Backend#initialWeights(VaeConfig,
     * long)}).
     *
     * @param config the configuration
     * @param seed the seed
     * @return PyTorch-layout weights by diffusers name (mid-block attention under the 0.11 names), sorted
     */
    public static Map<String, FloatTensor> initialWeights(VaeConfig config, long seed) {
        Objects.requireNonNull(config, "config");
        return InitialWeights.of(store -> new VaeNetwork(store, config, 0), seed);
    }

    @Override
    public VaeConfig config() {
        return config;
    }

    @Override
    public LatentDistribution encode(FloatTensor images) {
        long[] d = checkImages(images);
        BuiltNetwork net = graph.variant(List.of("encode", List.of(d[0], d[1], d[2], d[3])), tf -> {
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(d)));
            return new BuiltNetwork(List.of(in), network.encode(tf, in));
        });
        try (TFloat32 in = HostTensors.toTensor(images)) {
            List<FloatTensor> out = graph.run(net, List.of(in), 0, 1);
            return new LatentDistribution(out.get(0), out.get(1));
        }
    }

    /**
     * @param images images to encode
     * @return their shape {@code [N, C, H, W]}
     * @throws IllegalArgumentException if the shape does not fit the model
     */
    long[] checkImages(FloatTensor images) {
        long[] d = ShapeChecks.dims(images, "images [N, C, H, W]", 4);
        int f = config.downsampleFactor();
        ShapeChecks.require(d[1] == config.inChannels(), "images", "expected " + config.inChannels()
                + " channels, got shape " + Arrays.toString(d));
        ShapeChecks.require(d[2] % f == 0 && d[3] % f == 0, "images", "height and width must be multiples of " + f
                + ", got shape " + Arrays.toString(d));
        return d;
    }

    /** @return the graph holding the weights and every built computation */
    ModelGraph graph() {
        return graph;
    }

    /** @return the network that builds encoders and decoders over the graph's weights */
    VaeNetwork network() {
        return network;
    }

    @Override
    public FloatTensor decode(FloatTensor latents) {
        long[] d = ShapeChecks.dims(latents, "latents [N, C, h, w]", 4);
        ShapeChecks.require(d[1] == config.latentChannels(), "latents", "expected " + config.latentChannels()
                + " channels, got shape " + Arrays.toString(d));
        BuiltNetwork net = graph.variant(List.of("decode", List.of(d[0], d[1], d[2], d[3])), tf -> {
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(d)));
            return new BuiltNetwork(List.of(in), List.of(network.decode(tf, in)));
        });
        try (TFloat32 in = HostTensors.toTensor(latents)) {
            return graph.run(net, List.of(in), 0).get(0);
        }
    }

    @Override
    public void close() {
        graph.close();
    }
}
