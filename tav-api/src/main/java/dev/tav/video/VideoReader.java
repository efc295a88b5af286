package dev.tav.video;

import ai.djl.modality.cv.Image;
import dev.tav.model.ModelFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads the frames of one video lazily, in display order, one at a time: only the frames up to the last one asked
 * for are decoded, and {@link #skip(int)} avoids converting (and where the format allows, decoding) frames that are
 * not wanted. Frames come at the source size as RGB; {@link FrameSampler} picks and resizes them as Tune-A-Video
 * does.
 *
 * <p>Not thread-safe. Close it to release the file.
 */
public interface VideoReader extends Closeable {
    /**
     * The largest picture width or height, in pixels, that the readers accept. A header claiming more is refused as
     * corrupt before any pixel buffer is allocated: such claims come from damaged files far more often than from real
     * videos, and honouring them costs gigabytes and minutes.
     */
    int MAX_SIDE = 8192;

    /**
     * Opens a video, recognising the format from the content: a folder is a folder of images; a file starting with
     * {@code GIF87a}/{@code GIF89a} is a GIF; a file whose first box is an ISO media box ({@code ftyp}, {@code moov},
     * {@code mdat}, {@code free}, {@code skip}, {@code wide}) is MP4.
     *
     * @param path a GIF or MP4 file, or a folder of PNG/JPEG frames
     * @return a reader positioned before the first frame
     * @throws NoSuchFileException if nothing exists at {@code path}
     * @throws ModelFormatException if the content is not a supported video, is corrupt or truncated (the message
     *     names the file and what is wrong)
     * @throws IOException if reading fails
     */
    static VideoReader open(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            return ImageFolderReader.open(path);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(12);
        }
        if (head.length == 0) {
            throw new ModelFormatException(path, null, "the file is empty");
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("GIF87a") || text.startsWith("GIF89a")) {
            return GifReader.open(path);
        }
        if (head.length >= 8 && List.of("ftyp", "moov", "mdat", "free", "skip", "wide").contains(text.substring(4, 8))) {
            return Mp4Reader.open(path);
        }
        throw new ModelFormatException(path, null,
                "not a supported video: expected an MP4 (ISO media) or GIF file, or a folder of PNG/JPEG frames");
    }

    /** @return the source's frame count, size, frame rate and metadata */
    VideoInfo info();

    /** @return the index of the frame {@link #next()} returns, in {@code [0, info().frameCount()]} */
    int position();

    /** @return whether frames remain */
    default boolean hasNext() {
        return position() < info().frameCount();
    }

    /**
     * Decodes the frame at {@link #position()} and moves past it.
     *
     * @return the frame, RGB at the source size
     * @throws NoSuchElementException if no frame remains
     * @throws ModelFormatException if the frame cannot be decoded (corrupt or truncated data)
     * @throws IOException if reading fails
     */
    Image next() throws IOException;

    /**
     * Moves past {@code n} frames without returning them.
     *
     * @param n the number of frames, {@code 0 <= n <= frameCount - position}
     * @throws IllegalArgumentException if {@code n} is out of range
     * @throws ModelFormatException if frames that must be decoded to continue cannot be
     * @throws IOException if reading fails
     */
    void skip(int n) throws IOException;

    /**
     * Reads every remaining frame.
     *
     * @return the remaining frames at the source frame rate
     * @throws IllegalStateException if no frame remains
     * @throws IOException as {@link #next()}
     */
    default Video readRemaining() throws IOException {
        if (!hasNext()) {
            throw new IllegalStateException("no frame remains in " + info().source());
        }
        List<Image> frames = new ArrayList<>(info().frameCount() - position());
        while (hasNext()) {
            frames.add(next());
        }
        return new Video(frames, info().fps());
    }

    /**
     * Reads a whole video at its own size and frame rate.
     *
     * @param path as for {@link #open(Path)}
     * @return all its frames
     * @throws IOException as {@link #open(Path)} and {@link #next()}
     */
    static Video readAll(Path path) throws IOException {
        try (VideoReader r = open(path)) {
            return r.readRemaining();
        }
    }
}
