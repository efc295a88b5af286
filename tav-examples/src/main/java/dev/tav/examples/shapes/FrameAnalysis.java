package dev.tav.examples.shapes;

import java.util.Objects;
import java.util.Optional;

/**
 * What the analyser found in one frame.
 *
 * @param width the frame width in pixels
 * @param height the frame height in pixels
 * @param backgroundRgb the background colour estimate: the per-channel median of the frame's border
 * @param background the named background nearest to {@code backgroundRgb}
 * @param foregroundFraction the fraction of pixels in the {@link ForegroundMask}, 0 to 1
 * @param object the object, empty when the frame has no foreground (or only specks of fewer than
 *     {@link FrameAnalyser#minObjectPixels(int, int)} pixels)
 */
public record FrameAnalysis(int width, int height, Rgb backgroundRgb, Background background,
        double foregroundFraction, Optional<ObjectAnalysis> object) {
    /** Checks that no component is null. */
    public FrameAnalysis {
        Objects.requireNonNull(backgroundRgb, "backgroundRgb");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(object, "object");
    }

    /** @return the object's centroid in pixels, empty when no object was found */
    public Optional<Point> centroid() {
        return object.map(ObjectAnalysis::centroid);
    }

    /**
     * @return the appearance the frame shows (object and background as classified), empty when no object was
     *     found
     */
    public Optional<Appearance> appearance() {
        return object.map(o -> Appearance.of(o.shape(), o.colour(), o.size(), background));
    }
}
