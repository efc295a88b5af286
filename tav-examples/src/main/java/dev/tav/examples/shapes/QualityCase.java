package dev.tav.examples.shapes;

import java.util.List;
import java.util.Objects;

/**
 * One source video of the {@link QualitySet} with its edit prompts.
 *
 * @param name a short unique name, such as {@code "01-red-circle-right"}, usable in file names
 * @param source the source video; its caption is the tuning prompt
 * @param edits one edit of each {@link EditKind}, in enum order
 */
public record QualityCase(String name, ShapeVideo source, List<Edit> edits) {
    /** Copies the list and checks that no component is null. */
    public QualityCase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        edits = List.copyOf(Objects.requireNonNull(edits, "edits"));
    }

    /**
     * @param kind what the edit changes; not null
     * @return this case's edit of that kind
     */
    public Edit edit(EditKind kind) {
        return edits.stream().filter(e -> e.kind() == kind).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no " + kind + " edit"));
    }
}
