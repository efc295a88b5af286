package dev.tav.examples.shapes;

import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One Shapes world picture: an object at a position on a background, in a square image. Drawing is deterministic:
 * the same scene always gives the same pixels.
 *
 * @param appearance the object and the background; not null
 * @param centre the object's centre (and centroid) in pixels, see {@link Point}; the object must lie inside the
 *     image: both coordinates in {@code [r, side - r]} for the object's radius {@code r}
 * @param side the image width and height in pixels, at least {@link ShapeWorld#MIN_SIDE}
 */
public record Scene(Appearance appearance, Point centre, int side) {
    /** Checks that the object lies inside the image. */
    public Scene {
        Objects.requireNonNull(appearance, "appearance");
        Objects.requireNonNull(centre, "centre");
        ShapeWorld.checkSide(side);
        double r = appearance.object().size().radius(side);
        if (centre.x() < r || centre.x() > side - r || centre.y() < r || centre.y() > side - r) {
            throw new IllegalArgumentException("centre (" + centre.x() + ", " + centre.y() + ") puts a "
                    + appearance.object().size().word() + " object (radius " + r + ") partly outside a " + side
                    + "-pixel image");
        }
    }

    /** @return the caption, such as {@code "a small red circle on a white background"} */
    public String caption() {
        return appearance.caption();
    }

    /** @return a new {@code side × side} {@link BufferedImage#TYPE_INT_RGB} picture of the scene */
    public BufferedImage render() {
        return Painter.paint(appearance, centre, side);
    }

    /** @return {@link #render()} as a DJL image (the frame type of {@link dev.tav.video.Video}) */
    public Image image() {
        return Images.toImage(render());
    }
}
