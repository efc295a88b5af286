package dev.tav.examples.shapes;

import java.util.Optional;

/** An attribute of what a frame shows, for comparing frames with each other or with a target. */
public enum Attribute {
    /** The object's {@link Shape}. */
    SHAPE,
    /** The object's {@link Colour}. */
    COLOUR,
    /** The object's {@link Size}. */
    SIZE,
    /** The {@link Background}. */
    BACKGROUND;

    /** @return this attribute's value in the frame, empty for object attributes when no object was found */
    Optional<Enum<?>> of(FrameAnalysis frame) {
        if (this == BACKGROUND) {
            return Optional.of(frame.background());
        }
        return frame.object().map(o -> switch (this) {
            case SHAPE -> o.shape();
            case COLOUR -> o.colour();
            case SIZE -> o.size();
            case BACKGROUND -> throw new AssertionError("handled above");
        });
    }

    /** @return this attribute's value in the appearance */
    Enum<?> of(Appearance appearance) {
        return switch (this) {
            case SHAPE -> appearance.object().shape();
            case COLOUR -> appearance.object().colour();
            case SIZE -> appearance.object().size();
            case BACKGROUND -> appearance.background();
        };
    }
}
