package dev.tav.examples.shapes;

import java.util.Objects;

/**
 * What the analyser found about the object of a frame (the largest connected group of foreground pixels).
 *
 * @param centroid the coverage-weighted centroid in pixels (see {@link Point}), sub-pixel
 * @param area the object's area in square pixels: the sum of every pixel's estimated coverage (0 to 1), which
 *     antialiasing and blur leave unchanged
 * @param rgb the object's colour estimate: the per-channel median of the half of the object's pixels farthest
 *     from the background
 * @param colour the named object colour nearest to {@code rgb}
 * @param shape the shape whose template fits best
 * @param shapeScore how well that template fits: the soft intersection over union of the object's coverage and
 *     the template's, 0 to 1 (about 0.9 or more for clean generated frames)
 * @param radius the radius in pixels of the best template, fitted to the object's area
 * @param size the size nearest to {@code radius} at this frame's side
 */
public record ObjectAnalysis(Point centroid, double area, Rgb rgb, Colour colour, Shape shape, double shapeScore,
        double radius, Size size) {
    /** Checks that no component is null. */
    public ObjectAnalysis {
        Objects.requireNonNull(centroid, "centroid");
        Objects.requireNonNull(rgb, "rgb");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(size, "size");
    }

    /**
     * @param target an appearance; not null
     * @return whether this object has the target's shape and colour (size and background are not compared)
     */
    public boolean hasShapeAndColourOf(Appearance target) {
        return shape == target.object().shape() && colour == target.object().colour();
    }
}
