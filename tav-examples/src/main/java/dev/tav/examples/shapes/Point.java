package dev.tav.examples.shapes;

/**
 * A position in an image, in pixels, sub-pixel: the origin is the top-left corner of the image, x grows to the
 * right and y downwards, and pixel {@code (i, j)} covers {@code [i, i+1) × [j, j+1)} (its centre is
 * {@code (i + 0.5, j + 0.5)}).
 *
 * @param x the horizontal coordinate in pixels, finite
 * @param y the vertical coordinate in pixels, finite
 */
public record Point(double x, double y) {
    /** Checks that both coordinates are finite. */
    public Point {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite, got (" + x + ", " + y + ")");
        }
    }

    /**
     * @param other another point; not null
     * @return the Euclidean distance between the two, in pixels
     */
    public double distance(Point other) {
        return Math.hypot(x - other.x, y - other.y);
    }
}
