package dev.tav.tensorflow;

import dev.tav.model.ControlNetConfig;
import dev.tav.model.TextEncoderConfig;
import dev.tav.model.UNetConfig;
import dev.tav.model.VaeConfig;
import dev.tav.model.WeightSource;
import dev.tav.spi.Backend;
import dev.tav.spi.BackendOptions;
import dev.tav.spi.ControlNetModel;
import dev.tav.spi.TextEncoderModel;
import dev.tav.spi.TrainerOptions;
import dev.tav.spi.UNetTrainer;
import dev.tav.spi.UNetOptions;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.clip.TensorFlowTextEncoder;
import dev.tav.tensorflow.controlnet.TensorFlowControlNet;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.unet.TensorFlowUNet;
import dev.tav.tensorflow.unet.TensorFlowUNetTrainer;
import dev.tav.tensorflow.vae.TensorFlowVae;
import dev.tav.tensorflow.warp.LatentWarper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The TensorFlow Java backend: builds networks as TensorFlow graphs with the weights in variables, one session per
 * model. Closing the backend closes every model it created that is still open.
 */
final class TensorFlowBackend implements Backend {
    private final BackendOptions options;
    private final List<ModelGraph> graphs = new ArrayList<>();
    private LatentWarper warper;
    private boolean closed;

    TensorFlowBackend(BackendOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return TensorFlowBackendProvider.NAME;
    }

    @Override
    public TextEncoderModel loadTextEncoder(TextEncoderConfig config, WeightSource weights) throws IOException {
        return TensorFlowTextEncoder.load(config, newGraph("text encoder", weights));
    }

    @Override
    public VaeModel loadVae(VaeConfig config, WeightSource weights) throws IOException {
        return TensorFlowVae.load(config, newGraph("vae", weights), options.attentionQueryChunk());
    }

    @Override
    public TensorFlowUNet loadUNet(UNetConfig config, WeightSource weights, UNetOptions unetOptions)
            throws IOException {
        return TensorFlowUNet.load(config, unetOptions, newGraph("unet", weights), options.attentionQueryChunk());
    }

    @Override
    public UNetTrainer loadUNetTrainer(UNetConfig config, WeightSource weights, UNetOptions unetOptions,
            TrainerOptions training) throws IOException {
        // Grappler off: it would spend seconds (tens of seconds at SD size) on the first run of the training graph
        return TensorFlowUNetTrainer.wrap(TensorFlowUNet.load(config, unetOptions, newGraph("unet", weights, false),
                options.attentionQueryChunk()), training);
    }

    @Override
    public ControlNetModel loadControlNet(ControlNetConfig config, WeightSource weights) throws IOException {
        return TensorFlowControlNet.load(config, newGraph("controlnet", weights), options.attentionQueryChunk());
    }

    @Override
    public FloatTensor warpLatents(FloatTensor latents, double motionStrengthX, double motionStrengthY,
            List<Integer> frameIds) {
        return warper().warp(latents, motionStrengthX, motionStrengthY, frameIds);
    }

    /** The latent warper, built on first use and closed with the backend. */
    private synchronized LatentWarper warper() {
        if (closed) {
            throw new IllegalStateException("the TensorFlow backend is closed");
        }
        if (warper == null) {
            warper = new LatentWarper(options.effectiveThreads());
        }
        return warper;
    }

    /** Creates a graph for a new model and remembers it, so that closing the backend closes it. */
    private ModelGraph newGraph(String name, WeightSource weights) {
        return newGraph(name, weights, true);
    }

    private synchronized ModelGraph newGraph(String name, WeightSource weights, boolean graphRewrites) {
        Objects.requireNonNull(weights, "weights");
        if (closed) {
            throw new IllegalStateException("the TensorFlow backend is closed");
        }
        graphs.removeIf(ModelGraph::isClosed);
        ModelGraph graph = new ModelGraph(name, options.effectiveThreads(), weights, graphRewrites);
        graphs.add(graph);
        return graph;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (warper != null) {
            warper.close();
        }
        graphs.forEach(ModelGraph::close);
        graphs.clear();
    }
}
