package dev.tav.examples.pretrain;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.Shape;
import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.ShapeWorld;
import dev.tav.tensor.FloatTensor;
import dev.tav.video.FrameLayout;
import dev.tav.video.FrameTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The pictures a pretraining step sees: a pure function of (seed, stream, step), so a resumed run draws exactly the
 * pictures the uninterrupted run would have drawn.
 */
final class SceneBatches {
    private final long seed;
    private final int side;

    SceneBatches(long seed, int side) {
        this.seed = seed;
        this.side = side;
    }

    /**
     * @param stream separates the draws of different stages
     * @param step the update index
     * @param batch pictures per update
     * @return {@code batch} random scenes
     */
    List<Scene> scenes(int stream, long step, int batch) {
        Random random = new Random(mix(seed, stream, step));
        List<Scene> scenes = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            scenes.add(ShapeWorld.randomScene(random, side));
        }
        return scenes;
    }

    /**
     * @param scenes pictures
     * @return {@code [N, 3, side, side]} in {@code [-1, 1]}
     */
    static FloatTensor images(List<Scene> scenes) {
        List<Image> frames = scenes.stream().map(Scene::image).toList();
        FloatTensor t = FrameTensors.toTensor(frames, FrameLayout.FRAMES_FIRST);
        long[] d = t.shape().getShape();
        return t.reshape(new Shape(scenes.size(), 3, d[d.length - 2], d[d.length - 1]));
    }

    /**
     * @param stream separates the draws of different purposes
     * @param step the update index
     * @return a generator for that step's draws
     */
    Random random(int stream, long step) {
        return new Random(mix(seed, stream + 1000, step));
    }

    private static long mix(long seed, int stream, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + step * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
