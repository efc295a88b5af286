package dev.tav.examples.shapes;

import ai.djl.modality.cv.BufferedImageFactory;
import ai.djl.modality.cv.Image;
import java.awt.image.BufferedImage;

/** Moves pictures between Java2D and DJL {@link Image}s, the frame type of {@link dev.tav.video.Video}. */
final class Images {
    /** Our own factory: {@code ImageFactory.getInstance()} may be another (OpenCV) implementation. */
    private static final BufferedImageFactory FACTORY = new BufferedImageFactory();

    private Images() {}

    /**
     * @param image a picture; not null
     * @return it wrapped (not copied) as a DJL image
     */
    static Image toImage(BufferedImage image) {
        return FACTORY.fromImage(image);
    }

    /**
     * @param image a DJL image; not null
     * @return the {@link BufferedImage} it wraps
     * @throws IllegalArgumentException if it wraps something else (images of DJL's {@link BufferedImageFactory}
     *     and of tav's video readers wrap a {@link BufferedImage})
     */
    static BufferedImage toBuffered(Image image) {
        Object wrapped = image.getWrappedImage();
        if (wrapped instanceof BufferedImage buffered) {
            return buffered;
        }
        throw new IllegalArgumentException("the image must wrap a java.awt.image.BufferedImage, got "
                + (wrapped == null ? "null" : wrapped.getClass().getName()));
    }
}
