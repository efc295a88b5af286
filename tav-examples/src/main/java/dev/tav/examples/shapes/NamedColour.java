package dev.tav.examples.shapes;

import java.util.List;

/** A colour of the Shapes world with the word captions use for it: an object {@link Colour} or a {@link Background}. */
public interface NamedColour {
    /** @return the word captions use, lower case, one word */
    String word();

    /** @return the exact sRGB value the generator paints */
    Rgb rgb();

    /**
     * @param <T> the kind of named colour
     * @param candidates the colours to choose from; not empty
     * @param rgb the colour to classify; not null
     * @return the candidate whose {@link #rgb()} is nearest to {@code rgb} (Euclidean sRGB distance); the first of
     *     equally near ones
     */
    static <T extends NamedColour> T nearest(List<T> candidates, Rgb rgb) {
        T best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (T candidate : candidates) {
            double d = candidate.rgb().distance(rgb);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no candidate colours given");
        }
        return best;
    }
}
