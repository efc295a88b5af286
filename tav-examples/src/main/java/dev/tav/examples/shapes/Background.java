package dev.tav.examples.shapes;

import java.util.List;
import java.util.Locale;

/**
 * The uniform background of a Shapes world picture. Every background is at least 100 (Euclidean distance in 8-bit
 * sRGB units) from every object {@link Colour}, so that the object stands out, and at least 90 from every other
 * background.
 */
public enum Background implements NamedColour {
    /** White, sRGB (255, 255, 255). */
    WHITE(new Rgb(255, 255, 255)),
    /** Black, sRGB (0, 0, 0). */
    BLACK(new Rgb(0, 0, 0)),
    /** Gray, sRGB (128, 128, 128); captions spell it {@code gray}. */
    GRAY(new Rgb(128, 128, 128)),
    /** Pink, sRGB (250, 170, 210). */
    PINK(new Rgb(250, 170, 210));

    private static final List<Background> ALL = List.of(values());

    private final Rgb rgb;

    Background(Rgb rgb) {
        this.rgb = rgb;
    }

    @Override
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Rgb rgb() {
        return rgb;
    }

    /**
     * @param rgb a colour; not null
     * @return the background nearest to it
     */
    public static Background nearest(Rgb rgb) {
        return NamedColour.nearest(ALL, rgb);
    }
}
