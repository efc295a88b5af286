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
        return switch (this) {
            case SHAPE -> frame.object().map(ObjectAnalysis::shape);
            case COLOUR -> frame.object().map(ObjectAnalysis::colour);
            case SIZE -> frame.object().map(ObjectAnalysis::size);
            case BACKGROUND -> Optional.of(frame.background());
        };
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
