package dev.tav.video;

import ai.djl.modality.cv.Image;
import dev.tav.pipeline.FrameSampling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Picks and resizes the frames of a source video as Tune-A-Video's dataset does:
 * <pre>
 * vr = decord.VideoReader(path, width=W, height=H)        # every frame resized to W×H
 * sample_index = list(range(sample_start_idx, len(vr), sample_frame_rate))[:n_sample_frames]
 * </pre>
 * Frame {@code i} of the result is source frame {@code startIndex + i * step}, resized by {@link ImageResizer}.
 * Unlike the official code, which silently returns fewer frames, a source too short for {@code count} frames is an
 * error. Only source frames up to the last one used are decoded.
 */
public final class FrameSampler {
    private FrameSampler() {}

    /**
     * The official sampling formula, verbatim: {@code list(range(start, frameCount, step))[:count]}.
     *
     * @param sampling the sampling settings
     * @param frameCount the number of frames in the source, {@code >= 0}
     * @return the source indices used, in order; fewer than {@code sampling.count()} if the source is too short
     */
    public static int[] indices(FrameSampling sampling, int frameCount) {
        Objects.requireNonNull(sampling, "sampling");
        if (frameCount < 0) {
            throw new IllegalArgumentException("frameCount must be >= 0, got " + frameCount);
        }
        long available = frameCount <= sampling.startIndex() ? 0
                : ((long) frameCount - sampling.startIndex() + sampling.step() - 1) / sampling.step();
        int n = (int) Math.min(available, sampling.count());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = sampling.sourceIndex(i);
        }
        return out;
    }

    /**
     * @param sampling the sampling settings
     * @return the number of source frames a video needs for all {@code count} frames:
     *     {@code startIndex + (count - 1) * step + 1}
     */
    public static long framesNeeded(FrameSampling sampling) {
        return sampling.startIndex() + (long) (sampling.count() - 1) * sampling.step() + 1;
    }

    /**
     * Opens a video and samples it.
     *
     * @param path a video file or folder ({@link VideoReader#open(Path)})
     * @param sampling which frames and what size
     * @return {@code sampling.count()} frames of {@code width × height} at the source frame rate divided by
     *     {@code step} (so the clip keeps its speed)
     * @throws IllegalArgumentException if the source has too few frames (the message names the file, the frames found
     *     and needed)
     * @throws IOException as {@link VideoReader#open(Path)} and {@link VideoReader#next()}
     */
    public static Video read(Path path, FrameSampling sampling) throws IOException {
        try (VideoReader reader = VideoReader.open(path)) {
            return sample(reader, sampling);
        }
    }

    /**
     * Samples from an open reader positioned at its first frame.
     *
     * @param reader the source, at position 0
     * @param sampling which frames and what size
     * @return as {@link #read(Path, FrameSampling)}
     * @throws IllegalArgumentException if the source has too few frames or the reader is not at position 0
     * @throws IOException as {@link VideoReader#next()}
     */
    public static Video sample(VideoReader reader, FrameSampling sampling) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(sampling, "sampling");
        VideoInfo info = reader.info();
        if (reader.position() != 0) {
            throw new IllegalArgumentException("the reader of " + info.source() + " is at frame " + reader.position()
                    + "; sampling starts from frame 0");
        }
        int[] idx = checkedIndices(sampling, info.frameCount(), info.source().toString());
        List<Image> frames = new ArrayList<>(idx.length);
        for (int source : idx) {
            reader.skip(source - reader.position());
            frames.add(resized(reader.next(), sampling));
        }
        return new Video(frames, info.fps() / sampling.step());
    }

    /**
     * Samples a video already in memory, as {@link #sample(VideoReader, FrameSampling)} does a file.
     *
     * @param video the source video
     * @param sampling which frames and what size
     * @return {@code sampling.count()} frames of {@code width × height} at {@code video.fps() / step}; frames already
     *     at that size are taken as they are
     * @throws IllegalArgumentException if the video has too few frames (the message names the frames found and
     *     needed)
     */
    public static Video sample(Video video, FrameSampling sampling) {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(sampling, "sampling");
        int[] idx = checkedIndices(sampling, video.frameCount(), "the video");
        List<Image> frames = new ArrayList<>(idx.length);
        for (int source : idx) {
            frames.add(resized(video.frames().get(source), sampling));
        }
        return new Video(frames, video.fps() / sampling.step());
    }

    /** @return the indices of all {@code count} frames, or an error naming {@code source} if there are fewer */
    private static int[] checkedIndices(FrameSampling sampling, int frameCount, String source) {
        int[] idx = indices(sampling, frameCount);
        if (idx.length < sampling.count()) {
            throw new IllegalArgumentException(source + " has " + frameCount + " frames but sampling "
                    + sampling.count() + " frames from frame " + sampling.startIndex() + " every " + sampling.step()
                    + " (n_sample_frames=" + sampling.count() + ", sample_start_idx=" + sampling.startIndex()
                    + ", sample_frame_rate=" + sampling.step() + ") needs " + framesNeeded(sampling)
                    + "; it yields only " + idx.length);
        }
        return idx;
    }

    private static Image resized(Image frame, FrameSampling sampling) {
        return frame.getWidth() == sampling.width() && frame.getHeight() == sampling.height() ? frame
                : ImageResizer.resize(frame, sampling.width(), sampling.height());
    }
}
