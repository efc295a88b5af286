package dev.tav.examples.shapes;

import java.util.OptionalDouble;

/**
 * How far a video's centroid track is from a reference track (such as the source video's true centres).
 *
 * @param meanDistance the mean distance in pixels between the found centroids and the reference centres of the
 *     same frames; empty when no frame had an object
 * @param framesCompared the frames with an object, which the mean is over
 * @param framesMissing the frames without an object
 * @param side the longer frame side in pixels, the unit of {@link #relativeMeanDistance()}
 */
public record TrackComparison(OptionalDouble meanDistance, int framesCompared, int framesMissing, int side) {
    /** Checks the counts. */
    public TrackComparison {
        if (framesCompared < 0 || framesMissing < 0 || side <= 0) {
            throw new IllegalArgumentException("counts must not be negative and side must be positive");
        }
    }

    /** @return {@link #meanDistance()} divided by {@link #side()}: 0 is the same track, 1 is a frame side apart */
    public OptionalDouble relativeMeanDistance() {
        return meanDistance.isPresent() ? OptionalDouble.of(meanDistance.getAsDouble() / side) : OptionalDouble.empty();
    }
}
