package dev.tav.examples.pretrain;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.types.Shape;
import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.ShapeWorld;
import dev.tav.tensor.FloatTensor;
import dev.tav.video.FrameLayout;
import dev.tav.video.FrameTensors;
import java.awt.image.BufferedImage;
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
     * Loss weights that stress the object: {@code 1 + extra · c} for each latent cell, where {@code c} is the share
     * of the cell's {@code factor × factor} pixels that differ from the background colour (the object, its
     * anti-aliased edge included), the same for every latent channel.
     *
     * @param scenes pictures
     * @param channels latent channels
     * @param factor pixels per latent cell along each side (the autoencoder's down-sampling factor)
     * @param extra the additional weight of a cell the object covers, {@code >= 0}
     * @return {@code [N, channels, side / factor, side / factor]}
     */
    static FloatTensor objectWeights(List<Scene> scenes, int channels, int factor, double extra) {
        int side = scenes.get(0).side();
        int cells = side / factor;
        float[] w = new float[scenes.size() * channels * cells * cells];
        for (int i = 0; i < scenes.size(); i++) {
            Scene scene = scenes.get(i);
            BufferedImage image = scene.render();
            int background = scene.appearance().background().rgb().packed();
            for (int cy = 0; cy < cells; cy++) {
                for (int cx = 0; cx < cells; cx++) {
                    int covered = 0;
                    for (int y = cy * factor; y < (cy + 1) * factor; y++) {
                        for (int x = cx * factor; x < (cx + 1) * factor; x++) {
                            covered += (image.getRGB(x, y) & 0xFFFFFF) != background ? 1 : 0;
                        }
                    }
                    float value = (float) (1 + extra * covered / (factor * factor));
                    for (int c = 0; c < channels; c++) {
                        w[((i * channels + c) * cells + cy) * cells + cx] = value;
                    }
                }
            }
        }
        return FloatTensor.wrap(new Shape(scenes.size(), channels, cells, cells), w);
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
