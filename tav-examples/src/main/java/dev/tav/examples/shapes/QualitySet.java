package dev.tav.examples.shapes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fixed set of source videos and edit prompts the quality benchmark scores, and the still prompts for the
 * text-to-image model. Always the same: 12 source videos covering every trajectory, shape, colour, size and
 * background (each shape 3 times, each colour twice, each background 3 times, each size 6 times), each with an
 * object edit, a background edit and both.
 *
 * <p>Edits of case {@code i} (from 0): the shape moves {@code 1 + i % 3} places along {@link Shape}'s order, the
 * colour {@code 1 + i % 5} places along {@link Colour}'s and the background {@code 1 + i % 3} places along
 * {@link Background}'s (cyclically), so every edit changes what it names and the targets vary.
 */
public final class QualitySet {
    /** The number of frames of each source video. */
    public static final int FRAMES = 8;

    private record Source(Shape shape, Colour colour, Size size, Background background, Trajectory trajectory,
            double lane) {}

    private static final List<Source> SOURCES = List.of(
            new Source(Shape.CIRCLE, Colour.RED, Size.LARGE, Background.WHITE, Trajectory.RIGHT, 0.5),
            new Source(Shape.SQUARE, Colour.BLUE, Size.SMALL, Background.BLACK, Trajectory.LEFT, 0.5),
            new Source(Shape.TRIANGLE, Colour.GREEN, Size.LARGE, Background.GRAY, Trajectory.UP, 0.5),
            new Source(Shape.DIAMOND, Colour.YELLOW, Size.SMALL, Background.PINK, Trajectory.DOWN, 0.5),
            new Source(Shape.CIRCLE, Colour.PURPLE, Size.SMALL, Background.WHITE, Trajectory.DIAGONAL_DOWN, 0.5),
            new Source(Shape.SQUARE, Colour.ORANGE, Size.LARGE, Background.BLACK, Trajectory.DIAGONAL_UP, 0.5),
            new Source(Shape.TRIANGLE, Colour.RED, Size.SMALL, Background.PINK, Trajectory.ARC, 0.5),
            new Source(Shape.DIAMOND, Colour.GREEN, Size.LARGE, Background.WHITE, Trajectory.BOUNCE, 0.5),
            new Source(Shape.CIRCLE, Colour.BLUE, Size.LARGE, Background.GRAY, Trajectory.ARC, 0.5),
            new Source(Shape.TRIANGLE, Colour.YELLOW, Size.SMALL, Background.BLACK, Trajectory.RIGHT, 0.25),
            new Source(Shape.DIAMOND, Colour.ORANGE, Size.SMALL, Background.GRAY, Trajectory.LEFT, 0.75),
            new Source(Shape.SQUARE, Colour.PURPLE, Size.LARGE, Background.PINK, Trajectory.BOUNCE, 0.3));

    private QualitySet() {}

    /** @return the cases at {@link ShapeWorld#DEFAULT_SIDE} pixels and {@link #FRAMES} frames */
    public static List<QualityCase> cases() {
        return cases(ShapeWorld.DEFAULT_SIDE, FRAMES);
    }

    /**
     * @param side the frame side in pixels, at least {@link ShapeWorld#MIN_SIDE}
     * @param frameCount the number of frames of each source video, at least 1
     * @return the cases, in a fixed order, with these frame sizes and counts
     */
    public static List<QualityCase> cases(int side, int frameCount) {
        List<QualityCase> cases = new ArrayList<>(SOURCES.size());
        for (int i = 0; i < SOURCES.size(); i++) {
            Source s = SOURCES.get(i);
            Appearance appearance = Appearance.of(s.shape(), s.colour(), s.size(), s.background());
            ShapeVideo video = new ShapeVideo(appearance, s.trajectory(), frameCount, side, s.lane());
            ShapeObject edited = new ShapeObject(shift(Shape.values(), s.shape(), 1 + i % 3),
                    shift(Colour.values(), s.colour(), 1 + i % 5), s.size());
            Background background = shift(Background.values(), s.background(), 1 + i % 3);
            List<Edit> edits = List.of(
                    new Edit(EditKind.OBJECT, new Appearance(edited, s.background()), s.trajectory()),
                    new Edit(EditKind.BACKGROUND, new Appearance(appearance.object(), background), s.trajectory()),
                    new Edit(EditKind.BOTH, new Appearance(edited, background), s.trajectory()));
            String name = String.format(Locale.ROOT, "%02d-%s-%s-%s", i + 1, s.colour().word(), s.shape().word(),
                    s.trajectory().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            cases.add(new QualityCase(name, video, edits));
        }
        return List.copyOf(cases);
    }

    /**
     * @return still prompts for the text-to-image model: every shape with every colour once (24), sizes and
     *     backgrounds spread evenly (each size 12 times, each background 6 times)
     */
    public static List<Appearance> stills() {
        List<Appearance> stills = new ArrayList<>();
        Shape[] shapes = Shape.values();
        Colour[] colours = Colour.values();
        for (int s = 0; s < shapes.length; s++) {
            for (int c = 0; c < colours.length; c++) {
                Size size = Size.values()[(s + c / 3) % Size.values().length];
                Background background = Background.values()[(s + c) % Background.values().length];
                stills.add(Appearance.of(shapes[s], colours[c], size, background));
            }
        }
        return List.copyOf(stills);
    }

    private static <T> T shift(T[] values, T value, int places) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return values[(i + places) % values.length];
            }
        }
        throw new IllegalArgumentException(value + " is not among the values");
    }
}
