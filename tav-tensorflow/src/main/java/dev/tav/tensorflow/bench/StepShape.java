package dev.tav.tensorflow.bench;

import dev.tav.attention.AttentionProcessor;
import dev.tav.attention.FrameContext;

/**
 * The shapes of one denoising step of a (video) U-Net.
 *
 * @param batch the batch size (2 for classifier-free guidance: unconditional and conditional)
 * @param frames frames per video ({@code 1} for an image model)
 * @param height latent height (pixels / 8)
 * @param width latent width
 * @param textTokens the length of the text states (77 for CLIP)
 * @param selfAttentionKeyFrames the number of key/value frames of the self-attention summed over the frames of
 *     one video, as the backend computes them ({@link FrameContext#keyFrames}): {@code frames} for spatial or
 *     cross-frame attention (one each), {@code 2·frames − 2} for sparse-causal attention with at least two frames
 *     (frames 0 and i−1; frames 0 and 1 attend to frame 0 once, where the reference concatenates it twice for the
 *     same result), {@code frames²} for full attention
 */
public record StepShape(int batch, int frames, int height, int width, int textTokens, int selfAttentionKeyFrames) {
    /** Validates the components. */
    public StepShape {
        if (batch < 1 || frames < 1 || height < 1 || width < 1 || textTokens < 1
                || selfAttentionKeyFrames < frames) {
            throw new IllegalArgumentException("every step dimension must be >= 1, got " + batch + " batch, "
                    + frames + " frames, " + height + "x" + width + " latent, " + textTokens + " text tokens, "
                    + selfAttentionKeyFrames + " self-attention key frames (at least one per frame)");
        }
    }

    /**
     * The step of Tune-A-Video's video U-Net: sparse-causal self-attention over square latents and CLIP's 77
     * text tokens.
     *
     * @param batch the batch size
     * @param frames frames per video
     * @param latentSize the latent side
     * @return the shape
     */
    public static StepShape sparseCausal(int batch, int frames, int latentSize) {
        return of(batch, latentSize, 77, AttentionProcessor.sparseCausal().context(frames));
    }

    /**
     * The step of a video U-Net whose self-attention follows an attention processor's pattern.
     *
     * @param batch the batch size
     * @param latentSize the latent side
     * @param textTokens the length of the text states
     * @param frames the key/value frames of every frame, as the processor decided them
     * @return the shape, with {@code selfAttentionKeyFrames} the pattern's total
     */
    public static StepShape of(int batch, int latentSize, int textTokens, FrameContext frames) {
        int keyFrames = 0;
        for (int i = 0; i < frames.frameCount(); i++) {
            keyFrames += frames.keyFrames(i).size();
        }
        return new StepShape(batch, frames.frameCount(), latentSize, latentSize, textTokens, keyFrames);
    }

    /** @return the number of 2-D images the step processes: {@code batch * frames} */
    public long images() {
        return (long) batch * frames;
    }
}
