package dev.tav.examples.shapes;

import java.util.Arrays;

/**
 * The pixels of a frame that are far from its background colour. A pixel is foreground when its Euclidean sRGB
 * distance from the background estimate exceeds a threshold: half the "peak" distance (the 90th percentile of the
 * distances above {@link #FLOOR}), but never below {@link #FLOOR}. Half the peak puts the edge of a blurred object
 * where its true edge was, so the mask keeps the object's area and centre. Immutable.
 */
public final class ForegroundMask {
    /** The least distance from the background (8-bit sRGB units) a foreground pixel has: above mild colour noise. */
    public static final double FLOOR = 40;
    private static final double PEAK_QUANTILE = 0.9;

    private final int width;
    private final int height;
    private final boolean[] inside;
    private final int count;
    private final double threshold;

    private ForegroundMask(int width, int height, boolean[] inside, double threshold) {
        this.width = width;
        this.height = height;
        this.inside = inside;
        this.threshold = threshold;
        int n = 0;
        for (boolean b : inside) {
            n += b ? 1 : 0;
        }
        this.count = n;
    }

    /**
     * @param distances each pixel's distance from the background, row-major, {@code width * height} long
     * @param width the frame width in pixels
     * @param height the frame height in pixels
     * @return the mask
     */
    static ForegroundMask of(double[] distances, int width, int height) {
        double[] candidates = Arrays.stream(distances).filter(d -> d > FLOOR).sorted().toArray();
        double threshold = FLOOR;
        if (candidates.length > 0) {
            double peak = candidates[(int) Math.floor(PEAK_QUANTILE * (candidates.length - 1))];
            threshold = Math.max(FLOOR, peak / 2);
        }
        boolean[] inside = new boolean[distances.length];
        for (int i = 0; i < distances.length; i++) {
            inside[i] = distances[i] > threshold;
        }
        return new ForegroundMask(width, height, inside, threshold);
    }

    /** @return the frame width in pixels */
    public int width() {
        return width;
    }

    /** @return the frame height in pixels */
    public int height() {
        return height;
    }

    /** @return the distance threshold this frame's mask used, in 8-bit sRGB units, at least {@link #FLOOR} */
    public double threshold() {
        return threshold;
    }

    /**
     * @param x the pixel column, {@code 0 <= x < width()}
     * @param y the pixel row, {@code 0 <= y < height()}
     * @return whether that pixel is foreground
     */
    public boolean contains(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") is outside " + width + "x" + height);
        }
        return inside[y * width + x];
    }

    /** @return the number of foreground pixels */
    public int count() {
        return count;
    }

    /** @return the foreground pixels as a fraction of all pixels, 0 to 1 */
    public double fraction() {
        return (double) count / inside.length;
    }

    /**
     * @return the row-major indices of the largest 8-connected group of foreground pixels (the first found, in
     *     row-major order, of equally large ones), ascending; empty if there is no foreground
     */
    int[] largestComponent() {
        int[] label = new int[inside.length];
        int[] stack = new int[inside.length];
        int bestLabel = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < inside.length; start++) {
            if (!inside[start] || label[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int px = p % width;
                int py = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int qx = px + dx;
                        int qy = py + dy;
                        if (qx < 0 || qx >= width || qy < 0 || qy >= height) {
                            continue;
                        }
                        int q = qy * width + qx;
                        if (inside[q] && label[q] == 0) {
                            label[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                bestLabel = next;
            }
        }
        int[] out = new int[bestSize];
        int k = 0;
        for (int i = 0; i < label.length && k < bestSize; i++) {
            if (label[i] == bestLabel && bestLabel != 0) {
                out[k++] = i;
            }
        }
        return out;
    }
}
