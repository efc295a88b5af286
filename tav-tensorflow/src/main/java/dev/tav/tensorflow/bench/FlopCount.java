package dev.tav.tensorflow.bench;

import dev.tav.model.UNetConfig;

/**
 * The floating-point operations of one U-Net forward pass, derived from its configuration: every convolution,
 * linear layer and attention product, counting a multiply-add as 2 FLOPs. Bias additions, normalisations,
 * activations, softmax, residual additions, up-sampling and the sinusoidal timestep embedding are not counted
 * (together they are well under 1 % of the total for Stable Diffusion shapes).
 *
 * <p>What is counted per layer, with {@code P} the positions a layer is applied to over the whole step:
 * convolution {@code 2·in·out·k²·P_out}; linear {@code 2·in·out·rows}; attention {@code 2·S·C} for the scores
 * {@code Q K^T} plus the same for {@code P V}, with {@code S} the (query, key) pairs scored and {@code C} the
 * channels of all heads. Computation follows the reference model: text states are projected per frame (the
 * reference repeats them per frame), sparse-causal attention attends to {@code 2·h·w} keys for frames 2 and later
 * and to {@code h·w} for frames 0 and 1 (whose two key frames are both frame 0, computed once), and
 * temporal attention (video models only) attends over the frames at every position.
 *
 * @param convolution FLOPs of convolutions (including 1×1 projections and shortcuts)
 * @param linear FLOPs of linear layers (attention projections, feed-forward, time embedding)
 * @param attention FLOPs of the attention products {@code Q K^T} and {@code P V}
 */
public record FlopCount(long convolution, long linear, long attention) {
    /**
     * Counts the FLOPs of one forward pass.
     *
     * @param config the U-Net configuration ({@link UNetConfig#video()} adds the temporal attention layers)
     * @param shape the step's shapes
     * @return the count
     */
    public static FlopCount of(UNetConfig config, StepShape shape) {
        long[] sums = new long[3];
        UNetLayers.walk(config, shape, new UNetLayers.Visitor() {
            @Override
            public void conv(String name, int in, int out, int kernel, long outputPositions) {
                sums[0] = Math.addExact(sums[0], 2L * in * out * kernel * kernel * outputPositions);
            }

            @Override
            public void linear(String name, int in, int out, boolean bias, long rows) {
                sums[1] = Math.addExact(sums[1], 2L * in * out * rows);
            }

            @Override
            public void norm(String name, int channels) {
                // not counted
            }

            @Override
            public void attention(long queryKeyPairs, int channels) {
                sums[2] = Math.addExact(sums[2], 4L * queryKeyPairs * channels);
            }
        });
        return new FlopCount(sums[0], sums[1], sums[2]);
    }

    /** @return the sum of all parts */
    public long total() {
        return convolution + linear + attention;
    }
}
