package dev.tav.examples.shapes;

import java.util.Objects;
import java.util.Optional;

/**
 * The most frequent value of each attribute over the frames of a video (ties go to the value declared first in
 * its enum). Object attributes count only frames where an object was found and are empty when none was.
 *
 * @param shape the most frequent shape
 * @param colour the most frequent object colour
 * @param size the most frequent size
 * @param background the most frequent background
 */
public record Majority(Optional<Shape> shape, Optional<Colour> colour, Optional<Size> size, Background background) {
    /** Checks that no component is null. */
    public Majority {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(background, "background");
    }

    /** @return the majority as one appearance, empty when no frame had an object */
    public Optional<Appearance> appearance() {
        if (shape.isEmpty() || colour.isEmpty() || size.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Appearance.of(shape.get(), colour.get(), size.get(), background));
    }

    /** @return this attribute's majority value, empty when no frame had an object */
    Optional<Enum<?>> of(Attribute attribute) {
        return switch (attribute) {
            case SHAPE -> shape.map(Enum.class::cast);
            case COLOUR -> colour.map(Enum.class::cast);
            case SIZE -> size.map(Enum.class::cast);
            case BACKGROUND -> Optional.of(background);
        };
    }
}
