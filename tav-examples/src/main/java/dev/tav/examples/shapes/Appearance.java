package dev.tav.examples.shapes;

import java.util.Objects;

/**
 * What a Shapes world picture or video shows, apart from positions: the object and the background. It is the truth
 * a caption states and the target an edit prompt asks for.
 *
 * @param object the object; not null
 * @param background the background; not null
 */
public record Appearance(ShapeObject object, Background background) {
    /** Checks that no component is null. */
    public Appearance {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(background, "background");
    }

    /**
     * @param shape the object's shape
     * @param colour the object's colour
     * @param size the object's size
     * @param background the background
     * @return the appearance; no argument may be null
     */
    public static Appearance of(Shape shape, Colour colour, Size size, Background background) {
        return new Appearance(new ShapeObject(shape, colour, size), background);
    }

    /** @return the caption of a still picture, such as {@code "a small red circle on a white background"} */
    public String caption() {
        return "a " + object.words() + " on a " + background.word() + " background";
    }

    /**
     * @param trajectory the motion; not null
     * @return the caption of a video, such as {@code "a small red circle moving right on a white background"}
     */
    public String caption(Trajectory trajectory) {
        return "a " + object.words() + " " + trajectory.phrase() + " on a " + background.word() + " background";
    }
}
