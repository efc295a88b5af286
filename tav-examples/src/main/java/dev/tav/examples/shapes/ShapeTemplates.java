package dev.tav.examples.shapes;

/**
 * Classifies an object's coverage map by template matching: each {@link Shape} is drawn with the object's centroid
 * and area, then blurred by each of a few Gaussian widths (an object from a small diffusion model's decoder is
 * blurred by an unknown amount, and blur rounds corners the way a circle does); the shape of the best soft
 * intersection over union wins.
 */
final class ShapeTemplates {
    /** The blur widths templates are tried at, as Gaussian standard deviations in pixels. */
    private static final double[] SIGMAS = {0, 0.5, 1.0, 1.5, 2.0};

    /**
     * The best template.
     *
     * @param shape its shape
     * @param radius its radius in pixels
     * @param score its soft intersection over union with the object's coverage, 0 to 1
     */
    record Match(Shape shape, double radius, double score) {}

    private ShapeTemplates() {}

    /**
     * @param coverage the object's coverage of each pixel, 0 to 1, row-major
     * @param width the frame width in pixels
     * @param height the frame height in pixels
     * @param centroid the object's centroid in pixels
     * @param area the object's area in square pixels, {@code > 0}
     * @return the best-fitting template
     */
    static Match bestMatch(float[] coverage, int width, int height, Point centroid, double area) {
        Match best = null;
        for (Shape shape : Shape.values()) {
            double radius = Math.sqrt(area / shape.unitArea());
            float[] template = Painter.coverage(shape, centroid, radius, width, height);
            for (double sigma : SIGMAS) {
                double score = softIntersectionOverUnion(coverage, blur(template, width, height, sigma));
                if (best == null || score > best.score()) {
                    best = new Match(shape, radius, score);
                }
            }
        }
        return best;
    }

    /** @return the map blurred by a Gaussian of standard deviation {@code sigma} pixels (zero outside), or itself for 0 */
    static float[] blur(float[] map, int width, int height, double sigma) {
        if (sigma == 0) {
            return map;
        }
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        float[] rows = new float[map.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = Math.max(-radius, -x); k <= Math.min(radius, width - 1 - x); k++) {
                    v += kernel[k + radius] * map[y * width + x + k];
                }
                rows[y * width + x] = v;
            }
        }
        float[] out = new float[map.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = 0;
                for (int k = Math.max(-radius, -y); k <= Math.min(radius, height - 1 - y); k++) {
                    v += kernel[k + radius] * rows[(y + k) * width + x];
                }
                out[y * width + x] = v;
            }
        }
        return out;
    }

    private static double softIntersectionOverUnion(float[] a, float[] b) {
        double intersection = 0;
        double union = 0;
        for (int i = 0; i < a.length; i++) {
            intersection += Math.min(a[i], b[i]);
            union += Math.max(a[i], b[i]);
        }
        return union > 0 ? intersection / union : 0;
    }
}
