package dev.tav.examples.shapes;

import java.util.Locale;

/**
 * The size of the object in a Shapes world picture: its radius (see {@link Shape}) as a fraction of the image side,
 * so that a scene looks the same at every image size. The two sizes differ by a factor of about 1.5, which the
 * analysers tell apart.
 */
public enum Size {
    /** Radius 0.17 of the side (about 10.9 pixels at 64², 5.4 at 32²). */
    SMALL(0.17),
    /** Radius 0.25 of the side (16 pixels at 64², 8 at 32²). */
    LARGE(0.25);

    private final double fraction;

    Size(double fraction) {
        this.fraction = fraction;
    }

    /** @return the word captions use, lower case */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the radius as a fraction of the image side */
    public double fraction() {
        return fraction;
    }

    /**
     * @param side the image side in pixels, {@code > 0}
     * @return the radius in pixels at that side
     */
    public double radius(int side) {
        return fraction * side;
    }

    /**
     * @param radius a radius in pixels, {@code > 0}
     * @param side the image side in pixels, {@code > 0}
     * @return the size whose radius is nearest to {@code radius} by ratio (the geometric mean of two sizes is the
     *     boundary between them)
     */
    public static Size nearest(double radius, int side) {
        Size best = SMALL;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Size size : values()) {
            double d = Math.abs(Math.log(radius / size.radius(side)));
            if (d < bestDistance) {
                best = size;
                bestDistance = d;
            }
        }
        return best;
    }
}
