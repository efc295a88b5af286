package dev.tav.examples.shapes;

/** What an edit prompt of the {@link QualitySet} changes. */
public enum EditKind {
    /** Another shape and another colour; same size, background and motion. */
    OBJECT,
    /** Another background; same object and motion. */
    BACKGROUND,
    /** Both of the above at once. */
    BOTH
}
