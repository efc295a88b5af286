package dev.tav.video;

import ai.djl.modality.cv.Image;
import java.util.Objects;

/**
 * Resizes frames the way Tune-A-Video's reader does: {@code decord.VideoReader(path, width=W, height=H)} (decord 0.6.0,
 * the version the official code pins) scales every frame with an FFmpeg {@code scale=W:H} filter and sets no scaler
 * flags, so the filter's own default applies: {@code bilinear} in the FFmpeg releases decord 0.6.0 was built with
 * (FFmpeg 4.x; later FFmpeg releases default to bicubic, and so does the {@code ffmpeg} command line).
 *
 * <p>Filter: swscale's bilinear filter, i.e. a separable triangle (tent) kernel of radius 1, sampling at pixel centres
 * ({@code src = (dst + 0.5) * scale - 0.5}), edges replicated. When shrinking, the kernel is stretched by the shrink
 * factor, as swscale does, so each output pixel averages the whole source area it covers (no aliasing, no moiré on
 * fine textures); when enlarging it is plain bilinear interpolation. The aspect ratio is not preserved: frames are
 * scaled to exactly {@code width × height}, as decord does. Results are rounded to the nearest level and clamped to
 * {@code [0, 255]}. (swscale computes in fixed point and, for video, on YUV planes, so results differ from FFmpeg's by
 * about one level on average on sharp detail.)
 */
public final class ImageResizer {
    private ImageResizer() {}

    /**
     * @param image a frame wrapping a {@link java.awt.image.BufferedImage}
     * @param width the new width in pixels, {@code >= 1}
     * @param height the new height in pixels, {@code >= 1}
     * @return a new RGB image of that size (a copy even when the size is unchanged)
     * @throws IllegalArgumentException if a size is below 1 or the image does not wrap a BufferedImage
     */
    public static Image resize(Image image, int width, int height) {
        Objects.requireNonNull(image, "image");
        return Pixels.image(resize(Pixels.rgb(image), image.getWidth(), image.getHeight(), width, height), width,
                height);
    }

    /**
     * @param rgb {@code 0xRRGGBB} pixels, row-major
     * @param srcW the source width
     * @param srcH the source height
     * @param dstW the new width, {@code >= 1}
     * @param dstH the new height, {@code >= 1}
     * @return the resized pixels (a new array)
     */
    static int[] resize(int[] rgb, int srcW, int srcH, int dstW, int dstH) {
        if (dstW < 1 || dstH < 1) {
            throw new IllegalArgumentException("the target size must be at least 1x1, got " + dstW + "x" + dstH);
        }
        if (srcW == dstW && srcH == dstH) {
            return rgb.clone();
        }
        Kernel kx = Kernel.of(srcW, dstW);
        Kernel ky = Kernel.of(srcH, dstH);
        // Horizontal pass: srcH rows of dstW pixels, 3 channels, as floats.
        float[] rows = new float[srcH * dstW * 3];
        for (int y = 0; y < srcH; y++) {
            int rowIn = y * srcW;
            int rowOut = y * dstW * 3;
            for (int x = 0; x < dstW; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                int base = x * kx.taps;
                for (int t = 0; t < kx.taps; t++) {
                    float w = kx.weights[base + t];
                    int p = rgb[rowIn + kx.index[base + t]];
                    r += w * ((p >> 16) & 0xFF);
                    g += w * ((p >> 8) & 0xFF);
                    b += w * (p & 0xFF);
                }
                int o = rowOut + x * 3;
                rows[o] = r;
                rows[o + 1] = g;
                rows[o + 2] = b;
            }
        }
        // Vertical pass.
        int[] out = new int[dstW * dstH];
        for (int y = 0; y < dstH; y++) {
            int base = y * ky.taps;
            for (int x = 0; x < dstW; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                for (int t = 0; t < ky.taps; t++) {
                    float w = ky.weights[base + t];
                    int o = (ky.index[base + t] * dstW + x) * 3;
                    r += w * rows[o];
                    g += w * rows[o + 1];
                    b += w * rows[o + 2];
                }
                out[y * dstW + x] = (level(r) << 16) | (level(g) << 8) | level(b);
            }
        }
        return out;
    }

    private static int level(float v) {
        int i = Math.round(v);
        return i < 0 ? 0 : Math.min(i, 255);
    }

    /** @return the triangle kernel value at distance {@code x} (in kernel units; support 1) */
    static double tent(double x) {
        return Math.max(0, 1 - Math.abs(x));
    }

    /** Precomputed taps of one axis: for output i, source indices and normalised weights. */
    private record Kernel(int taps, int[] index, float[] weights) {
        static Kernel of(int src, int dst) {
            double scale = (double) src / dst;
            double stretch = Math.max(scale, 1);
            double support = stretch;
            int taps = (int) Math.ceil(2 * support) + 1;
            int[] index = new int[dst * taps];
            float[] weights = new float[dst * taps];
            double[] w = new double[taps];
            for (int i = 0; i < dst; i++) {
                double center = (i + 0.5) * scale - 0.5;
                int first = (int) Math.floor(center - support) + 1;
                double sum = 0;
                for (int t = 0; t < taps; t++) {
                    w[t] = tent((first + t - center) / stretch);
                    sum += w[t];
                }
                for (int t = 0; t < taps; t++) {
                    index[i * taps + t] = Math.min(Math.max(first + t, 0), src - 1);
                    weights[i * taps + t] = (float) (w[t] / sum);
                }
            }
            return new Kernel(taps, index, weights);
        }
    }
}
