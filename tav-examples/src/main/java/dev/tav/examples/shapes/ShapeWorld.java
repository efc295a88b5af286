package dev.tav.examples.shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Shapes world: its geometry (where an object may be), its random scenes for pretraining and everything its
 * captions can say.
 *
 * <pre>{@code
 * Random random = new Random(42);
 * Scene scene = ShapeWorld.randomScene(random);        // 64×64
 * BufferedImage picture = scene.render();
 * String caption = scene.caption();                    // "a large blue triangle on a pink background"
 * }</pre>
 */
public final class ShapeWorld {
    /** The image side pictures and videos have unless stated, in pixels. */
    public static final int DEFAULT_SIDE = 64;
    /** The smallest image side the world draws, in pixels. */
    public static final int MIN_SIDE = 16;

    private ShapeWorld() {}

    /**
     * @param side the image side in pixels
     * @return the smallest gap between the object and an image edge in random scenes and videos: {@code side / 32}
     *     pixels (2 at 64², 1 at 32²), so that blur does not reach the border
     */
    public static double margin(int side) {
        checkSide(side);
        return side / 32.0;
    }

    /**
     * @param size the object's size; not null
     * @param side the image side in pixels
     * @return the smallest centre coordinate of random scenes and videos: radius plus {@link #margin(int)}
     */
    public static double low(Size size, int side) {
        return size.radius(side) + margin(side);
    }

    /**
     * @param size the object's size; not null
     * @param side the image side in pixels
     * @return the largest centre coordinate of random scenes and videos: {@code side - low(size, side)}
     */
    public static double high(Size size, int side) {
        return side - low(size, side);
    }

    /**
     * @param random the source of randomness; not null
     * @return a {@link #DEFAULT_SIDE} scene drawn as {@link #randomScene(Random, int)} does
     */
    public static Scene randomScene(Random random) {
        return randomScene(random, DEFAULT_SIDE);
    }

    /**
     * Draws a scene: shape, colour, size and background each uniform over their values, then the centre uniform
     * over {@code [low, high]²} for that size. The same random state gives the same scene.
     *
     * @param random the source of randomness; not null
     * @param side the image side in pixels, at least {@link #MIN_SIDE}
     * @return the scene
     */
    public static Scene randomScene(Random random, int side) {
        checkSide(side);
        Shape shape = pick(random, Shape.values());
        Colour colour = pick(random, Colour.values());
        Size size = pick(random, Size.values());
        Background background = pick(random, Background.values());
        double low = low(size, side);
        double span = high(size, side) - low;
        Point centre = new Point(low + random.nextDouble() * span, low + random.nextDouble() * span);
        return new Scene(Appearance.of(shape, colour, size, background), centre, side);
    }

    /**
     * @param seed the seed; the same seed gives the same scenes
     * @param side the image side in pixels, at least {@link #MIN_SIDE}
     * @return an endless sequential stream of {@link #randomScene(Random, int)} scenes from one
     *     {@code new Random(seed)}; limit it before a terminal operation
     */
    public static Stream<Scene> scenes(long seed, int side) {
        checkSide(side);
        Random random = new Random(seed);
        return Stream.generate(() -> randomScene(random, side)).sequential();
    }

    /** @return every appearance (shape × colour × size × background), in enum order */
    public static List<Appearance> appearances() {
        List<Appearance> all = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (Colour colour : Colour.values()) {
                for (Size size : Size.values()) {
                    for (Background background : Background.values()) {
                        all.add(Appearance.of(shape, colour, size, background));
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /**
     * @return every caption the world gives: each appearance's still caption and its caption with each
     *     trajectory (edit prompts are such captions too)
     */
    public static List<String> captions() {
        List<String> captions = new ArrayList<>();
        for (Appearance appearance : appearances()) {
            captions.add(appearance.caption());
            for (Trajectory trajectory : Trajectory.values()) {
                captions.add(appearance.caption(trajectory));
            }
        }
        return List.copyOf(captions);
    }

    /** @return every word of {@link #captions()}, sorted, unmodifiable */
    public static SortedSet<String> words() {
        SortedSet<String> words = new TreeSet<>();
        for (String caption : captions()) {
            words.addAll(Arrays.asList(caption.split(" ")));
        }
        return Collections.unmodifiableSortedSet(words);
    }

    static void checkSide(int side) {
        if (side < MIN_SIDE) {
            throw new IllegalArgumentException("side must be at least " + MIN_SIDE + " pixels, got " + side);
        }
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
