package dev.tav.examples.shapes;

import ai.djl.modality.cv.Image;
import dev.tav.video.Video;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Shapes world video: one object moving along a trajectory on a background. The object stays fully inside the
 * frame, at least {@link ShapeWorld#margin(int)} pixels from every edge, in every frame; the trajectory spans the
 * whole range of such centres. Rendering is deterministic.
 *
 * @param appearance the object and the background; not null
 * @param trajectory the motion; not null
 * @param frameCount the number of frames, at least 1; frame {@code i} is at time {@code i / (frameCount - 1)}
 * @param side the frame width and height in pixels, at least {@link ShapeWorld#MIN_SIDE}
 * @param lane where straight paths and the bounce run across their free axis, 0 to 1 (see {@link Trajectory})
 */
public record ShapeVideo(Appearance appearance, Trajectory trajectory, int frameCount, int side, double lane) {
    /** The frame rate {@link #toVideo()} gives, in frames per second. */
    public static final double DEFAULT_FPS = 8;

    /** Checks the settings. */
    public ShapeVideo {
        Objects.requireNonNull(appearance, "appearance");
        Objects.requireNonNull(trajectory, "trajectory");
        if (frameCount < 1) {
            throw new IllegalArgumentException("frameCount must be at least 1, got " + frameCount);
        }
        ShapeWorld.checkSide(side);
        if (!(lane >= 0 && lane <= 1)) {
            throw new IllegalArgumentException("lane must be in [0, 1], got " + lane);
        }
    }

    /**
     * A video whose straight paths and bounce run through the middle of the frame (lane 0.5).
     *
     * @param appearance the object and the background; not null
     * @param trajectory the motion; not null
     * @param frameCount the number of frames, at least 1
     * @param side the frame side in pixels, at least {@link ShapeWorld#MIN_SIDE}
     */
    public ShapeVideo(Appearance appearance, Trajectory trajectory, int frameCount, int side) {
        this(appearance, trajectory, frameCount, side, 0.5);
    }

    /** @return the caption, such as {@code "a small red circle moving right on a white background"} */
    public String caption() {
        return appearance.caption(trajectory);
    }

    /** @return the object's true centre in every frame, in pixels, {@link #frameCount()} long */
    public List<Point> centres() {
        Size size = appearance.object().size();
        double low = ShapeWorld.low(size, side);
        double high = ShapeWorld.high(size, side);
        List<Point> centres = new ArrayList<>(frameCount);
        for (int i = 0; i < frameCount; i++) {
            double t = frameCount == 1 ? 0 : (double) i / (frameCount - 1);
            centres.add(trajectory.centre(t, low, high, lane));
        }
        return List.copyOf(centres);
    }

    /** @return the scene of every frame, {@link #frameCount()} long */
    public List<Scene> scenes() {
        return centres().stream().map(c -> new Scene(appearance, c, side)).toList();
    }

    /** @return the video at {@link #DEFAULT_FPS} frames per second */
    public Video toVideo() {
        return toVideo(DEFAULT_FPS);
    }

    /**
     * @param fps the frame rate in frames per second, {@code > 0}
     * @return the video, frames as DJL images wrapping {@link java.awt.image.BufferedImage}s
     */
    public Video toVideo(double fps) {
        List<Image> frames = scenes().stream().map(Scene::image).toList();
        return new Video(frames, fps);
    }
}
