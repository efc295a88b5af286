package dev.tav.tensorflow.unet;

import dev.tav.model.UNetConfig;

/**
 * What every block of a U-Net shares.
 *
 * @param timeWidth the time embedding width
 * @param textWidth the text states' width ({@code cross_attention_dim})
 * @param groups GroupNorm groups
 * @param eps ResNet GroupNorm epsilon
 * @param temporal whether transformer blocks carry temporal attention
 * @param linearProjection whether transformers' {@code proj_in/proj_out} are Linear layers (else 1×1 convolutions)
 */
record BlockSettings(long timeWidth, long textWidth, int groups, double eps, TemporalLayers temporal,
        boolean linearProjection) {
    static BlockSettings of(UNetConfig config, TemporalLayers temporal) {
        return new BlockSettings(4L * config.blockOutChannels().get(0), config.crossAttentionDim(),
                config.normNumGroups(), config.normEps(), temporal, config.useLinearProjection());
    }
}
