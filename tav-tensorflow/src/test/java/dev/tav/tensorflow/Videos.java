package dev.tav.tensorflow;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.types.Shape;
import dev.tav.tensor.FloatTensor;
import dev.tav.video.Video;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Test videos: a square moving right, and single-video tensors {@code [1, C, F, H, W]} built and sliced. */
final class Videos {
    private Videos() {}

    /**
     * @param frames the frame count
     * @param width the frame width in pixels
     * @param height the frame height in pixels
     * @param step how far the square moves right per frame, in pixels
     * @return a red 24-pixel square on white moving right from x = 4, at 8 fps
     */
    static Video movingSquare(int frames, int width, int height, int step) {
        List<Image> images = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.RED);
            g.fillRect(4 + step * f, 20, 24, 24);
            g.dispose();
            images.add(ImageFactory.getInstance().fromImage(img));
        }
        return new Video(images, 8);
    }

    /** @return the frames {@code [1, C, H, W]} stacked into {@code [1, C, F, H, W]} */
    static FloatTensor stack(List<FloatTensor> frames) {
        long[] d = frames.get(0).shape().getShape();
        int c = (int) d[1];
        int plane = (int) (d[2] * d[3]);
        int f = frames.size();
        float[] out = new float[c * f * plane];
        for (int fr = 0; fr < f; fr++) {
            float[] in = frames.get(fr).toArray();
            for (int ch = 0; ch < c; ch++) {
                System.arraycopy(in, ch * plane, out, (ch * f + fr) * plane, plane);
            }
        }
        return FloatTensor.wrap(new Shape(1, c, f, d[2], d[3]), out);
    }

    /** @return frame {@code f} of {@code [1, C, F, H, W]} as {@code [1, C, H, W]} */
    static FloatTensor frame(FloatTensor video, int f) {
        long[] d = video.shape().getShape();
        int c = (int) d[1];
        int frames = (int) d[2];
        int plane = (int) (d[3] * d[4]);
        float[] in = video.toArray();
        float[] out = new float[c * plane];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(in, (ch * frames + f) * plane, out, ch * plane, plane);
        }
        return FloatTensor.wrap(new Shape(1, c, d[3], d[4]), out);
    }
}
