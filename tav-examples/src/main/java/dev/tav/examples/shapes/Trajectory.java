package dev.tav.examples.shapes;

/**
 * How the object of a {@link ShapeVideo} moves. A trajectory maps the time {@code t} in {@code [0, 1]} (first to
 * last frame) to a centre inside the square {@code [low, high]²} of centres that keep the object fully in the frame;
 * the {@code lane} (0 to 1 across that range) places the straight paths and the bounce on their free axis.
 * Image y grows downwards.
 */
public enum Trajectory {
    /** Right to left at the lane's height. */
    LEFT("moving left"),
    /** Left to right at the lane's height. */
    RIGHT("moving right"),
    /** Bottom to top at the lane's x. */
    UP("moving up"),
    /** Top to bottom at the lane's x. */
    DOWN("moving down"),
    /** From the top-left corner to the bottom-right one (lane ignored). */
    DIAGONAL_DOWN("moving diagonally down"),
    /** From the bottom-left corner to the top-right one (lane ignored). */
    DIAGONAL_UP("moving diagonally up"),
    /** Left to right along a parabola from the bottom up to the top (at half time) and down again (lane ignored). */
    ARC("moving in an arc"),
    /** Falling from the top to the bottom (at half time) and back up, as a ball under gravity, at the lane's x. */
    BOUNCE("bouncing");

    private final String phrase;

    Trajectory(String phrase) {
        this.phrase = phrase;
    }

    /** @return the words a video caption uses for this motion, such as {@code "moving right"} or {@code "bouncing"} */
    public String phrase() {
        return phrase;
    }

    /**
     * @param t the time, 0 at the first frame and 1 at the last, in {@code [0, 1]}
     * @param low the smallest centre coordinate that keeps the object inside the frame, in pixels
     * @param high the largest one, {@code >= low}
     * @param lane where straight paths and the bounce run across their free axis, 0 (low) to 1 (high)
     * @return the object's centre at time {@code t}, inside {@code [low, high]²}
     */
    public Point centre(double t, double low, double high, double lane) {
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("t must be in [0, 1], got " + t);
        }
        if (!(lane >= 0 && lane <= 1)) {
            throw new IllegalArgumentException("lane must be in [0, 1], got " + lane);
        }
        if (!(high >= low)) {
            throw new IllegalArgumentException("high (" + high + ") must not be below low (" + low + ")");
        }
        double span = high - low;
        double across = low + lane * span;
        double forward = low + t * span;
        double backward = high - t * span;
        return switch (this) {
            case LEFT -> new Point(backward, across);
            case RIGHT -> new Point(forward, across);
            case UP -> new Point(across, backward);
            case DOWN -> new Point(across, forward);
            case DIAGONAL_DOWN -> new Point(forward, forward);
            case DIAGONAL_UP -> new Point(forward, backward);
            case ARC -> new Point(forward, high - span * 4 * t * (1 - t));
            case BOUNCE -> new Point(across, high - span * (2 * t - 1) * (2 * t - 1));
        };
    }
}
