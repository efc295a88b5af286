package dev.tav.examples.shapes;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Blur and colour noise such as a small diffusion model's decoder leaves, for testing the analysers. */
final class Distortions {
    private Distortions() {}

    /** @return the picture blurred by a Gaussian of standard deviation {@code sigma} pixels (edges clamped) */
    static BufferedImage blur(BufferedImage image, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] channels = channels(image);
        for (double[] c : channels) {
            double[] tmp = new double[c.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * c[y * w + Math.min(w - 1, Math.max(0, x + k))];
                    }
                    tmp[y * w + x] = v;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x];
                    }
                    c[y * w + x] = v;
                }
            }
        }
        return picture(channels, w, h);
    }

    /** @return the picture with independent Gaussian noise of standard deviation {@code sigma} (8-bit units) per channel */
    static BufferedImage noise(BufferedImage image, double sigma, Random random) {
        double[][] channels = channels(image);
        for (double[] c : channels) {
            for (int i = 0; i < c.length; i++) {
                c[i] += sigma * random.nextGaussian();
            }
        }
        return picture(channels, image.getWidth(), image.getHeight());
    }

    /**
     * @return the picture with each channel offset by its own amount, uniform in {@code [-amount, amount]} (8-bit
     *     units): a colour cast over the whole frame
     */
    static BufferedImage shift(BufferedImage image, double amount, Random random) {
        double[][] channels = channels(image);
        for (double[] c : channels) {
            double offset = amount * (2 * random.nextDouble() - 1);
            for (int i = 0; i < c.length; i++) {
                c[i] += offset;
            }
        }
        return picture(channels, image.getWidth(), image.getHeight());
    }

    private static double[][] channels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        double[][] c = new double[3][rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            c[0][i] = (rgb[i] >> 16) & 0xFF;
            c[1][i] = (rgb[i] >> 8) & 0xFF;
            c[2][i] = rgb[i] & 0xFF;
        }
        return c;
    }

    private static BufferedImage picture(double[][] c, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (clamp(c[0][i]) << 16) | (clamp(c[1][i]) << 8) | clamp(c[2][i]);
        }
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
