package dev.tav.examples.shapes;

import java.util.Objects;

/**
 * An edit prompt for a source video, with its truth: the edited video should show {@link #target()} moving as the
 * source does.
 *
 * @param kind what the edit changes; not null
 * @param target the appearance the edited video should show; not null
 * @param trajectory the source's motion, which the prompt names and the edit should keep; not null
 */
public record Edit(EditKind kind, Appearance target, Trajectory trajectory) {
    /** Checks that no component is null. */
    public Edit {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(trajectory, "trajectory");
    }

    /** @return the edit prompt, such as {@code "a small blue square moving right on a white background"} */
    public String prompt() {
        return target.caption(trajectory);
    }
}
