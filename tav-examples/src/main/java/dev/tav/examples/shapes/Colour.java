package dev.tav.examples.shapes;

import java.util.List;
import java.util.Locale;

/**
 * The colour of the object in a Shapes world picture. The sRGB values are chosen far apart: every two object
 * colours are at least 100 apart and every object colour at least 100 from every {@link Background} (Euclidean
 * distance in 8-bit sRGB units), so that blur and colour noise do not move a colour to another's neighbourhood.
 */
public enum Colour implements NamedColour {
    /** Red, sRGB (215, 20, 35). */
    RED(new Rgb(215, 20, 35)),
    /** Green, sRGB (30, 170, 50). */
    GREEN(new Rgb(30, 170, 50)),
    /** Blue, sRGB (40, 70, 230). */
    BLUE(new Rgb(40, 70, 230)),
    /** Yellow, sRGB (240, 225, 40). */
    YELLOW(new Rgb(240, 225, 40)),
    /** Purple, sRGB (140, 50, 200). */
    PURPLE(new Rgb(140, 50, 200)),
    /** Orange, sRGB (250, 125, 0). */
    ORANGE(new Rgb(250, 125, 0));

    private static final List<Colour> ALL = List.of(values());

    private final Rgb rgb;

    Colour(Rgb rgb) {
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
     * @return the object colour nearest to it
     */
    public static Colour nearest(Rgb rgb) {
        return NamedColour.nearest(ALL, rgb);
    }
}
