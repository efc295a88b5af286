package dev.tav.examples.shapes;

import java.util.Objects;

/**
 * The object of a Shapes world picture: what it is, apart from where it is.
 *
 * @param shape its shape; not null
 * @param colour its colour; not null
 * @param size its size; not null
 */
public record ShapeObject(Shape shape, Colour colour, Size size) {
    /** Checks that no component is null. */
    public ShapeObject {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
    }

    /** @return the words captions use for it, such as {@code "small red circle"} */
    public String words() {
        return size.word() + " " + colour.word() + " " + shape.word();
    }
}
