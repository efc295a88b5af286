package dev.tav.examples.shapes;

import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recovers a Shapes world frame's truth from its pixels, for frames of any size, generated or decoded from a model:
 * <ol>
 *   <li>background: the per-channel median of the border ({@code max(1, side / 32)} pixels wide), classified to
 *       the nearest {@link Background};</li>
 *   <li>foreground: pixels far from that colour ({@link ForegroundMask}); the object is its largest 8-connected
 *       group;</li>
 *   <li>colour: the per-channel median of the half of the object's pixels farthest from the background,
 *       classified to the nearest {@link Colour};</li>
 *   <li>coverage: every pixel near the object (within 3 pixels) is unmixed into object and background colour
 *       (projection on the line between them, clamped to 0..1); the area is the sum of coverages and the centroid
 *       their weighted mean, exact for antialiased edges and unchanged by blur;</li>
 *   <li>shape: each {@link Shape} is drawn as a template with the object's centroid and area and blurred by a few
 *       widths (0 to 2 pixels); the shape of the template with the highest soft intersection over union with the
 *       object's coverage wins; its radius gives the {@link Size}.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class FrameAnalyser {
    /** How far around the object's mask coverage is measured, in pixels: blur spreads an edge about this far. */
    private static final int COVERAGE_RING = 3;

    private FrameAnalyser() {}

    /**
     * @param frame a frame wrapping a {@link BufferedImage} (as DJL's {@code BufferedImageFactory} and tav's video
     *     readers make them); not null
     * @return what the frame shows
     * @throws IllegalArgumentException if the image wraps something else
     */
    public static FrameAnalysis analyse(Image frame) {
        return analyse(Images.toBuffered(frame));
    }

    /**
     * @param frame a frame of any size, at least 3×3 pixels; not null
     * @return what the frame shows
     */
    public static FrameAnalysis analyse(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        int[] pixels = pixels(frame);
        Rgb background = borderMedian(pixels, w, h);
        double[] distances = distances(pixels, background);
        ForegroundMask mask = ForegroundMask.of(distances, w, h);
        int[] component = mask.largestComponent();
        Optional<ObjectAnalysis> object = component.length < minObjectPixels(w, h) ? Optional.empty()
                : object(pixels, distances, component, w, h, background);
        return new FrameAnalysis(w, h, background, Background.nearest(background), mask.fraction(), object);
    }

    /**
     * @param frame a frame of any size, at least 3×3 pixels; not null
     * @return its foreground: the pixels far from its background estimate
     */
    public static ForegroundMask foreground(BufferedImage frame) {
        int[] pixels = pixels(frame);
        Rgb background = borderMedian(pixels, frame.getWidth(), frame.getHeight());
        return ForegroundMask.of(distances(pixels, background), frame.getWidth(), frame.getHeight());
    }

    /**
     * @param width a frame width in pixels
     * @param height a frame height in pixels
     * @return the fewest pixels a group of foreground pixels needs to count as an object: one per thousand
     *     pixels, at least 3 (4 at 64², 3 at 32²)
     */
    public static int minObjectPixels(int width, int height) {
        return Math.max(3, (int) Math.round(0.001 * width * height));
    }

    private static int[] pixels(BufferedImage frame) {
        int w = frame.getWidth();
        int h = frame.getHeight();
        if (w < 3 || h < 3) {
            throw new IllegalArgumentException("frames must be at least 3x3 pixels, got " + w + "x" + h);
        }
        return frame.getRGB(0, 0, w, h, null, 0, w);
    }

    private static Rgb borderMedian(int[] pixels, int w, int h) {
        int band = Math.max(1, Math.min(w, h) / 32);
        int[] border = new int[pixels.length];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < band || y < band || x >= w - band || y >= h - band) {
                    border[n++] = pixels[y * w + x];
                }
            }
        }
        return median(Arrays.copyOf(border, n));
    }

    /**
     * @param packed pixels as {@code 0xRRGGBB}; not empty
     * @return the per-channel median (the lower middle value for an even count)
     */
    private static Rgb median(int[] packed) {
        int n = packed.length;
        int[] r = new int[n];
        int[] g = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            int p = packed[i];
            r[i] = (p >> 16) & 0xFF;
            g[i] = (p >> 8) & 0xFF;
            b[i] = p & 0xFF;
        }
        Arrays.sort(r);
        Arrays.sort(g);
        Arrays.sort(b);
        int m = (n - 1) / 2;
        return new Rgb(r[m], g[m], b[m]);
    }

    private static double[] distances(int[] pixels, Rgb background) {
        double[] d = new double[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            d[i] = background.distance(pixels[i]);
        }
        return d;
    }

    private static Optional<ObjectAnalysis> object(int[] pixels, double[] distances, int[] component, int w,
            int h, Rgb background) {
        Rgb rgb = median(Arrays.stream(core(distances, component)).map(i -> pixels[i]).toArray());
        float[] coverage = coverage(pixels, component, w, h, background, rgb);
        double area = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < coverage.length; i++) {
            area += coverage[i];
            sx += coverage[i] * (i % w + 0.5);
            sy += coverage[i] * (i / w + 0.5);
        }
        if (!(area > 0)) {
            return Optional.empty();
        }
        Point centroid = new Point(sx / area, sy / area);
        ShapeTemplates.Match match = ShapeTemplates.bestMatch(coverage, w, h, centroid, area);
        int side = Math.max(w, h);
        return Optional.of(new ObjectAnalysis(centroid, area, rgb, Colour.nearest(rgb), match.shape(), match.score(),
                match.radius(), Size.nearest(match.radius(), side)));
    }

    /** @return the indices of the half of {@code component} farthest from the background (at least one) */
    private static int[] core(double[] distances, int[] component) {
        double[] d = new double[component.length];
        for (int i = 0; i < component.length; i++) {
            d[i] = distances[component[i]];
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double median = sorted[(sorted.length - 1) / 2];
        return Arrays.stream(component).filter(i -> distances[i] >= median).toArray();
    }

    /**
     * @return every pixel's coverage by the object: near the component (within {@link #COVERAGE_RING}), the
     *     pixel's position between background and object colour, clamped to 0..1; elsewhere 0
     */
    private static float[] coverage(int[] pixels, int[] component, int w, int h, Rgb background, Rgb object) {
        boolean[] near = new boolean[pixels.length];
        for (int p : component) {
            int px = p % w;
            int py = p / w;
            for (int y = Math.max(0, py - COVERAGE_RING); y <= Math.min(h - 1, py + COVERAGE_RING); y++) {
                for (int x = Math.max(0, px - COVERAGE_RING); x <= Math.min(w - 1, px + COVERAGE_RING); x++) {
                    near[y * w + x] = true;
                }
            }
        }
        double vr = object.red() - background.red();
        double vg = object.green() - background.green();
        double vb = object.blue() - background.blue();
        double vv = vr * vr + vg * vg + vb * vb;
        float[] coverage = new float[pixels.length];
        if (vv == 0) {
            return coverage;
        }
        for (int i = 0; i < pixels.length; i++) {
            if (near[i]) {
                int p = pixels[i];
                double t = (((p >> 16) & 0xFF) - background.red()) * vr + (((p >> 8) & 0xFF) - background.green()) * vg
                        + ((p & 0xFF) - background.blue()) * vb;
                coverage[i] = (float) Math.min(1, Math.max(0, t / vv));
            }
        }
        return coverage;
    }
}
