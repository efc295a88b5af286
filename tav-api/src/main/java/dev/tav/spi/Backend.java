package dev.tav.spi;

import dev.tav.model.ControlNetConfig;
import dev.tav.model.TextEncoderConfig;
import dev.tav.model.UNetConfig;
import dev.tav.model.VaeConfig;
import dev.tav.model.WeightSource;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A running compute backend: it builds networks from loaded weights and runs them. Obtained from
 * {@link Backends#create()}; owns native resources, so close it when done.
 */
public interface Backend extends AutoCloseable {
    /** @return the name of the provider that created this backend */
    String name();

    /**
     * Builds a CLIP text encoder. Every weight is read during the call; the source may be closed afterwards.
     *
     * @param config the encoder's configuration
     * @param weights its weights under Hugging Face names ({@code text_model.…})
     * @return the model; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IOException if reading fails
     * @throws UnsupportedOperationException if this backend has no text encoder (the default)
     */
    default TextEncoderModel loadTextEncoder(TextEncoderConfig config, WeightSource weights) throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not provide text encoders");
    }

    /**
     * Builds an {@code AutoencoderKL}. Every weight is read during the call; the source may be closed afterwards.
     *
     * @param config the autoencoder's configuration
     * @param weights its weights under diffusers names (both the 0.11 {@code query/key/value/proj_attn} and the newer
     *     {@code to_q/to_k/to_v/to_out.0} attention names are accepted)
     * @return the model; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IOException if reading fails
     * @throws UnsupportedOperationException if this backend has no VAE (the default)
     */
    default VaeModel loadVae(VaeConfig config, WeightSource weights) throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not provide VAEs");
    }

    /**
     * Builds a denoising U-Net. Every weight is read during the call; the source may be closed afterwards.
     *
     * @param config the U-Net's configuration (2D or Tune-A-Video 3D)
     * @param weights its weights under diffusers names
     * @param options inflation and default attention processor
     * @return the model; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if the options contradict the checkpoint (a video checkpoint built without
     *     inflation)
     * @throws UnsupportedOperationException if this backend has no U-Net (the default)
     */
    default UNetModel loadUNet(UNetConfig config, WeightSource weights, UNetOptions options) throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not provide U-Nets");
    }

    /**
     * Builds a U-Net for training (tuning a subset of its parameters, or all of them from scratch): like
     * {@link #loadUNet} but with the parameters {@code training} selects made trainable by AdamW. Every weight is
     * read during the call; the source may be closed afterwards.
     *
     * @param config the U-Net's configuration
     * @param weights its weights under diffusers names
     * @param options inflation and default attention processor
     * @param training which parameters train, and the optimiser
     * @return the trainer; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IllegalArgumentException if no parameter matches the trainable patterns
     * @throws IOException if reading fails
     * @throws UnsupportedOperationException if this backend cannot train (the default)
     */
    default UNetTrainer loadUNetTrainer(UNetConfig config, WeightSource weights, UNetOptions options,
            TrainerOptions training) throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not train U-Nets");
    }

    /**
     * Builds an {@code AutoencoderKL} for training: like {@link #loadVae} but with the parameters {@code training}
     * selects made trainable by AdamW (see {@link VaeTrainer} for the objective). Every weight is read during the
     * call; the source may be closed afterwards.
     *
     * @param config the autoencoder's configuration
     * @param weights its weights under diffusers names (for example {@link #initialWeights(VaeConfig, long)} written
     *     to a file)
     * @param training which parameters train, and the optimiser
     * @return the trainer; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IllegalArgumentException if no parameter matches the trainable patterns
     * @throws IOException if reading fails
     * @throws UnsupportedOperationException if this backend cannot train VAEs (the default)
     */
    default VaeTrainer loadVaeTrainer(VaeConfig config, WeightSource weights, TrainerOptions training)
            throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not train VAEs");
    }

    /**
     * Freshly initialised weights of a U-Net, to train from scratch: every parameter {@link #loadUNet} (inflated
     * for a {@linkplain UNetConfig#video() video} configuration) and the other loaders read, under the names and
     * in the PyTorch shapes of a diffusers checkpoint, so {@link dev.tav.model.safetensors.SafetensorsWriter} can
     * write them as {@code unet/diffusion_pytorch_model.safetensors}. PyTorch's default initialisation:
     * convolution and linear weights and biases uniform in {@code ±1/√fan_in}, normalisation scales 1 and shifts 0;
     * what the reference zero-initialises stays zero (Tune-A-Video's temporal output projections).
     *
     * @param config the U-Net's configuration
     * @param seed the seed; the same seed gives the same values, bit for bit
     * @return float32 tensors by parameter name, sorted by name
     * @throws UnsupportedOperationException if this backend cannot create U-Net weights (the default)
     */
    default Map<String, FloatTensor> initialWeights(UNetConfig config, long seed) {
        throw new UnsupportedOperationException("backend '" + name() + "' does not create U-Net weights");
    }

    /**
     * Freshly initialised weights of an {@code AutoencoderKL}, under the diffusers names {@link #loadVae} reads
     * first (mid-block attention as {@code query/key/value/proj_attn}); initialisation as for
     * {@link #initialWeights(UNetConfig, long)}.
     *
     * @param config the autoencoder's configuration
     * @param seed the seed; the same seed gives the same values, bit for bit
     * @return float32 tensors by parameter name, sorted by name
     * @throws UnsupportedOperationException if this backend cannot create VAE weights (the default)
     */
    default Map<String, FloatTensor> initialWeights(VaeConfig config, long seed) {
        throw new UnsupportedOperationException("backend '" + name() + "' does not create VAE weights");
    }

    /**
     * Freshly initialised weights of a CLIP text encoder, under the Hugging Face names {@link #loadTextEncoder}
     * reads ({@code text_model.…}; the {@code position_ids} buffer is not a weight and is not included); token and
     * position embeddings normal with standard deviation 0.02, everything else as for
     * {@link #initialWeights(UNetConfig, long)}.
     *
     * @param config the encoder's configuration
     * @param seed the seed; the same seed gives the same values, bit for bit
     * @return float32 tensors by parameter name, sorted by name
     * @throws UnsupportedOperationException if this backend cannot create text encoder weights (the default)
     */
    default Map<String, FloatTensor> initialWeights(TextEncoderConfig config, long seed) {
        throw new UnsupportedOperationException("backend '" + name() + "' does not create text encoder weights");
    }

    /**
     * Builds a ControlNet. Every weight is read during the call; the source may be closed afterwards.
     *
     * @param config the ControlNet's configuration
     * @param weights its weights under diffusers names
     * @return the model; the caller closes it (closing the backend closes it too)
     * @throws dev.tav.model.ModelFormatException if a weight is missing or has the wrong shape (named)
     * @throws IOException if reading fails
     * @throws UnsupportedOperationException if this backend has no ControlNet (the default)
     */
    default ControlNetModel loadControlNet(ControlNetConfig config, WeightSource weights) throws IOException {
        throw new UnsupportedOperationException("backend '" + name() + "' does not provide ControlNets");
    }

    /**
     * Text2Video-Zero latent warping (diffusers 0.21.4 {@code create_motion_field_and_warp_latents}): frame
     * {@code i} of {@code latents} is translated by {@code (motionStrengthX, motionStrengthY) * frameIds.get(i)}
     * pixels of a 512×512 image grid, sampled with nearest-neighbour lookup and reflection at the borders. The
     * result holds only copies of input elements.
     *
     * @param latents the latents of the frames, shape [frames, channels, height, width]
     * @param motionStrengthX the translation along x (columns) per frame index, in 512-grid pixels
     * @param motionStrengthY the translation along y (rows) per frame index, in 512-grid pixels
     * @param frameIds each frame's index in the whole video (one per frame; the frame's translation is its index
     *     times the strengths)
     * @return the warped latents, same shape as {@code latents}
     * @throws IllegalArgumentException if {@code latents} is not 4-D, {@code frameIds} does not hold one id per
     *     frame, or a strength is not finite
     * @throws UnsupportedOperationException if this backend does not implement latent warping (the default)
     */
    default FloatTensor warpLatents(FloatTensor latents, double motionStrengthX, double motionStrengthY,
            List<Integer> frameIds) {
        throw new UnsupportedOperationException("backend '" + name() + "' does not implement latent warping");
    }

    /** Releases every native resource this backend and the models it created still hold. */
    @Override
    void close();
}
