package dev.tav.examples.shapes;

import java.awt.Color;

/**
 * An sRGB colour with 8-bit channels.
 *
 * @param red the red channel, 0 to 255
 * @param green the green channel, 0 to 255
 * @param blue the blue channel, 0 to 255
 */
public record Rgb(int red, int green, int blue) {
    /** Checks the channel ranges. */
    public Rgb {
        check("red", red);
        check("green", green);
        check("blue", blue);
    }

    private static void check(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be in 0..255, got " + value);
        }
    }

    /**
     * @param packed a pixel as {@code 0xRRGGBB} (higher bits, such as alpha, are ignored)
     * @return its colour
     */
    public static Rgb ofPacked(int packed) {
        return new Rgb((packed >> 16) & 0xFF, (packed >> 8) & 0xFF, packed & 0xFF);
    }

    /** @return this colour as {@code 0xRRGGBB} */
    public int packed() {
        return (red << 16) | (green << 8) | blue;
    }

    /** @return this colour as an AWT colour, opaque */
    public Color toColor() {
        return new Color(red, green, blue);
    }

    /**
     * @param other another colour; not null
     * @return the Euclidean distance between the two in 8-bit sRGB units (0 to about 441.7)
     */
    public double distance(Rgb other) {
        return distance(other.packed());
    }

    /**
     * @param packed a pixel as {@code 0xRRGGBB}
     * @return the Euclidean distance between this colour and the pixel, in 8-bit sRGB units
     */
    double distance(int packed) {
        int dr = ((packed >> 16) & 0xFF) - red;
        int dg = ((packed >> 8) & 0xFF) - green;
        int db = (packed & 0xFF) - blue;
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
