package dev.tav.video;

import dev.tav.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes videos as GIF, MP4 or a folder of PNG frames, atomically: the result is written under a temporary name in
 * the target's folder and renamed into place only when complete, so a failure (or a crash) never leaves a partial
 * file where the target was, and an existing target stays intact until the new one replaces it. A process killed
 * mid-write leaves at most a hidden temporary {@code .NAME.<digits>.tmp} beside the target, which the next write of
 * the same target deletes. An existing folder is only replaced if it holds nothing but frames named like ours
 * ({@code 00000.png}, …). The parent folder is created if missing.
 */
public final class VideoWriter {
    private VideoWriter() {}

    /**
     * Writes in the format the target's extension names ({@link VideoFormat#forTarget(Path)}).
     *
     * @param video the video
     * @param target the file or folder to create or replace
     * @param metadata entries to store (prompt, seed, settings…)
     * @throws IOException as {@link #write(Video, Path, VideoFormat, VideoMetadata)}
     */
    public static void write(Video video, Path target, VideoMetadata metadata) throws IOException {
        write(video, target, VideoFormat.forTarget(target), metadata);
    }

    /**
     * @param video the video; for MP4 its width and height must be even
     * @param target the file (GIF, MP4) or folder (frames) to create or replace
     * @param format the format to write
     * @param metadata entries to store; how each format stores them is described at {@link VideoFormat}
     * @throws IllegalArgumentException if the format cannot hold this video (odd MP4 size, unsupported frame rate)
     * @throws IOException if writing fails, or the target folder holds files other than frames; the target is then
     *     unchanged
     */
    public static void write(Video video, Path target, VideoFormat format, VideoMetadata metadata)
            throws IOException {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(metadata, "metadata");
        switch (format) {
            case GIF -> AtomicFiles.writeFile(target, temp -> GifWriter.write(video, temp, metadata));
            case MP4 -> AtomicFiles.writeFile(target, temp -> Mp4Writer.write(video, temp, metadata));
            case IMAGE_FOLDER -> AtomicFiles.writeFolder(target,
                    p -> PngFolderWriter.FRAME_NAME.matcher(p.getFileName().toString()).matches(),
                    temp -> PngFolderWriter.write(video, temp, metadata));
        }
    }
}
