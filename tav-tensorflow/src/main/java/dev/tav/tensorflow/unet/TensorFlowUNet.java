package dev.tav.tensorflow.unet;

import dev.tav.attention.AttentionProcessor;
import dev.tav.attention.FrameContext;
import dev.tav.model.UNetConfig;
import dev.tav.spi.ControlResiduals;
import dev.tav.spi.UNetInput;
import dev.tav.spi.UNetModel;
import dev.tav.spi.UNetOptions;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.InitialWeights;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.BuiltNetwork;
import dev.tav.tensorflow.runtime.ShapeChecks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow {@link UNetModel}: one graph per distinct (sample shape, text shape, attention pattern, with or
 * without ControlNet residuals), all sharing the weight variables.
 */
public final class TensorFlowUNet implements UNetModel {
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowUNet.class);

    private final UNetConfig config;
    private final UNetOptions options;
    private final ModelGraph graph;
    private final UNetNetwork network;
    private final int queryChunk;

    private TensorFlowUNet(UNetConfig config, UNetOptions options, ModelGraph graph, UNetNetwork network,
            int queryChunk) {
        this.config = config;
        this.options = options;
        this.graph = graph;
        this.network = network;
        this.queryChunk = queryChunk;
    }

    /**
     * Builds the U-Net and loads its weights.
     *
     * @param config the configuration
     * @param options inflation, default attention processor, seed of fresh temporal weights
     * @param graph a new graph over the weights; the model owns it (closed here on failure)
     * @param queryChunk the attention query chunk ({@code 0} for none)
     * @return the model
     * @throws IOException if a weight is missing, misshapen or unreadable
     * @throws IllegalArgumentException if a video checkpoint is built without inflation
     */
    public static TensorFlowUNet load(UNetConfig config, UNetOptions options, ModelGraph graph, int queryChunk)
            throws IOException {
        try {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(options, "options");
            if (config.video() && !options.inflated()) {
                throw new IllegalArgumentException("options.inflated: a UNet3DConditionModel checkpoint needs the"
                        + " inflated (Tune-A-Video) network");
            }
            TemporalLayers temporal = options.inflated() ? new TemporalLayers(true, options.temporalSeed())
                    : TemporalLayers.NONE;
            UNetNetwork network = new UNetNetwork(graph.parameters(), config, temporal);
            List<String> fresh = graph.loadParameters();
            if (!fresh.isEmpty()) {
                LOG.info("U-Net inflated: {} temporal parameters absent from the weights created fresh"
                        + " (norms identity, output projections zero)", fresh.size());
            }
            return new TensorFlowUNet(config, options, graph, network, queryChunk);
        } catch (IOException | RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Freshly initialised weights for a configuration (see {@link dev.tav.spi.Backend#initialWeights(UNetConfig,
     * long)}): a video configuration includes the temporal layers, whose output projections are zero.
     *
     * @param config the configuration
     * @param seed the seed
     * @return PyTorch-layout weights by diffusers name, sorted
     */
    public static Map<String, FloatTensor> initialWeights(UNetConfig config, long seed) {
        Objects.requireNonNull(config, "config");
        TemporalLayers temporal = config.video() ? new TemporalLayers(true, seed) : TemporalLayers.NONE;
        return InitialWeights.of(store -> new UNetNetwork(store, config, temporal), seed);
    }

    @Override
    public UNetConfig config() {
        return config;
    }

    @Override
    public UNetOptions options() {
        return options;
    }

    @Override
    public FloatTensor predict(UNetInput input) {
        Call call = prepare(input);
        List<FloatTensor> residuals = input.control().map(TensorFlowUNet::flatten).orElse(List.of());
        if (!residuals.isEmpty()) {
            checkResiduals(residuals, call.sampleShape());
        }
        BuiltNetwork net = graph.variant(List.of(call.key(), residuals.size()),
                tf -> build(tf, call.sampleShape(), call.textShape(), residuals, call.layout()));
        List<Tensor> feeds = new ArrayList<>();
        try {
            feeds.add(HostTensors.toTensor(input.sample()));
            feeds.add(HostTensors.toTensor(new long[] {call.batch()}, call.timesteps()));
            feeds.add(HostTensors.toTensor(input.textStates()));
            for (FloatTensor r : residuals) {
                feeds.add(HostTensors.toTensor(r));
            }
            return graph.run(net, feeds, 0).get(0);
        } finally {
            feeds.forEach(Tensor::close);
        }
    }

    /**
     * A validated call: shapes, resolved timesteps and the batch layout.
     *
     * @param sampleShape the sample's shape
     * @param textShape the text states' shape
     * @param batch the number of samples (videos)
     * @param timesteps one float32 timestep per sample
     * @param layout the batch organisation
     */
    record Call(long[] sampleShape, long[] textShape, int batch, float[] timesteps, FrameLayout layout) {
        /** @return a key identifying the graph this call needs (shapes and attention pattern) */
        List<Object> key() {
            return List.of(Arrays.toString(sampleShape), Arrays.toString(textShape), layout.attention());
        }
    }

    /** Checks an input against the model (before anything reaches native code) and resolves its layout. */
    Call prepare(UNetInput input) {
        Objects.requireNonNull(input, "input");
        long[] s = ShapeChecks.dims(input.sample(), "sample [N, C, h, w] or [B, C, F, h, w]", 4, 5);
        int factor = 1 << (config.levels() - 1);
        ShapeChecks.require(s[1] == config.inChannels(), "sample", "expected " + config.inChannels()
                + " channels, got shape " + Arrays.toString(s));
        ShapeChecks.require(s[s.length - 2] % factor == 0 && s[s.length - 1] % factor == 0, "sample",
                "height and width must be multiples of " + factor + ", got shape " + Arrays.toString(s));
        int batch = Math.toIntExact(s[0]);
        int frames = s.length == 5 ? Math.toIntExact(s[2]) : 1;
        long[] t = ShapeChecks.dims(input.textStates(), "text states [B, tokens, width]", 3);
        ShapeChecks.require(t[0] == batch && t[2] == config.crossAttentionDim(), "text states", "expected ["
                + batch + ", tokens, " + config.crossAttentionDim() + "], got " + Arrays.toString(t));
        float[] timesteps = input.timesteps().forBatch(batch);
        AttentionProcessor processor = input.attentionProcessor().orElse(options.attentionProcessor());
        FrameContext pattern = processor.context(frames);
        return new Call(s, t, batch, timesteps, new FrameLayout(batch, frames, pattern, options.inflated(),
                queryChunk));
    }

    /** @return the graph holding the weights and every built computation */
    ModelGraph graph() {
        return graph;
    }

    /** @return the network that builds forward passes over the graph's weights */
    UNetNetwork network() {
        return network;
    }

    private BuiltNetwork build(Ops tf, long[] sampleShape, long[] textShape, List<FloatTensor> residuals,
            FrameLayout layout) {
        Placeholder<TFloat32> sample = placeholder(tf, sampleShape);
        Placeholder<TFloat32> timesteps = placeholder(tf, sampleShape[0]);
        Placeholder<TFloat32> text = placeholder(tf, textShape);
        List<Operand<?>> inputs = new ArrayList<>(List.of(sample, timesteps, text));
        List<Operand<TFloat32>> down = new ArrayList<>();
        Operand<TFloat32> mid = null;
        for (int i = 0; i < residuals.size(); i++) {
            Placeholder<TFloat32> r = placeholder(tf, residuals.get(i).shape().getShape());
            inputs.add(r);
            if (i < residuals.size() - 1) {
                down.add(r);
            } else {
                mid = r;
            }
        }
        Operand<TFloat32> out = network.build(tf, sample, timesteps, text, down, mid, layout);
        return new BuiltNetwork(inputs, List.of(out));
    }

    private static Placeholder<TFloat32> placeholder(Ops tf, long... shape) {
        return tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(shape)));
    }

    private static List<FloatTensor> flatten(ControlResiduals r) {
        List<FloatTensor> all = new ArrayList<>(r.down());
        all.add(r.mid());
        return all;
    }

    private void checkResiduals(List<FloatTensor> residuals, long[] sampleShape) {
        List<long[]> expected = SkipShapes.of(config, sampleShape);
        ShapeChecks.require(residuals.size() == expected.size(), "control residuals", "expected "
                + (expected.size() - 1) + " down-block residuals and a mid-block one, got "
                + (residuals.size() - 1) + " down-block residuals");
        for (int i = 0; i < expected.size(); i++) {
            long[] actual = residuals.get(i).shape().getShape();
            ShapeChecks.require(Arrays.equals(actual, expected.get(i)), "control residuals",
                    (i == expected.size() - 1 ? "mid-block residual" : "down-block residual " + i) + " must be "
                            + Arrays.toString(expected.get(i)) + ", got " + Arrays.toString(actual));
        }
    }

    /** @return how many forward graphs have been built so far (one per distinct signature) */
    int builtNetworks() {
        return graph.variantCount();
    }

    @Override
    public void close() {
        graph.close();
    }
}
