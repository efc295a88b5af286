package dev.tav.examples.shapes;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/**
 * The shape of the object in a Shapes world picture. Every shape is drawn upright around a centre with a radius
 * {@code r}: it lies inside the square {@code [cx - r, cx + r] × [cy - r, cy + r]} and its centroid is the centre.
 */
public enum Shape {
    /** A disc of radius {@code r}. */
    CIRCLE(Math.PI),
    /** An axis-aligned square of half-side {@code r}. */
    SQUARE(4.0),
    /** An equilateral triangle pointing up, with circumradius {@code r} (its centroid is the centre). */
    TRIANGLE(3.0 * Math.sqrt(3.0) / 4.0),
    /** A square rotated by 45 degrees, with half-diagonal {@code r}. */
    DIAMOND(2.0);

    private final double unitArea;

    Shape(double unitArea) {
        this.unitArea = unitArea;
    }

    /** @return the word captions use, lower case */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the area of this shape with radius 1, in square radii (so the area at radius r is {@code unitArea() * r * r}) */
    public double unitArea() {
        return unitArea;
    }

    /**
     * @param centreX the centre's x in pixels (see {@link Point} for the convention)
     * @param centreY the centre's y in pixels
     * @param radius the radius in pixels, {@code > 0}
     * @return the outline of this shape, as Java2D draws and hit-tests it
     */
    public java.awt.Shape outline(double centreX, double centreY, double radius) {
        if (!(radius > 0)) {
            throw new IllegalArgumentException("radius must be positive, got " + radius);
        }
        double r = radius;
        return switch (this) {
            case CIRCLE -> new Ellipse2D.Double(centreX - r, centreY - r, 2 * r, 2 * r);
            case SQUARE -> new Rectangle2D.Double(centreX - r, centreY - r, 2 * r, 2 * r);
            case TRIANGLE -> polygon(new double[] {centreX, centreX + r * Math.sqrt(3.0) / 2, centreX - r * Math.sqrt(3.0) / 2},
                    new double[] {centreY - r, centreY + r / 2, centreY + r / 2});
            case DIAMOND -> polygon(new double[] {centreX, centreX + r, centreX, centreX - r},
                    new double[] {centreY - r, centreY, centreY + r, centreY});
        };
    }

    private static Path2D polygon(double[] xs, double[] ys) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            path.lineTo(xs[i], ys[i]);
        }
        path.closePath();
        return path;
    }
}
