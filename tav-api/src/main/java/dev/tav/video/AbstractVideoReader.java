package dev.tav.video;

import ai.djl.modality.cv.Image;
import dev.tav.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/** Position bookkeeping and argument checks shared by the readers; subclasses decode. */
abstract class AbstractVideoReader implements VideoReader {
    private final VideoInfo info;
    private int position;

    AbstractVideoReader(VideoInfo info) {
        this.info = info;
    }

    /**
     * Refuses a picture size of which a side is below 1 or above {@link VideoReader#MAX_SIDE}.
     *
     * @param file the file whose header claims the size
     * @param what the header part that claims it, e.g. "the logical screen" (named in the message)
     * @throws ModelFormatException if the size is out of range
     */
    static void checkSize(Path file, String what, int width, int height) throws ModelFormatException {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new ModelFormatException(file, null, what + " is " + width + "x" + height + " pixels (1 to "
                    + MAX_SIDE + " per side are accepted): the header is corrupt");
        }
    }

    @Override
    public final VideoInfo info() {
        return info;
    }

    @Override
    public final int position() {
        return position;
    }

    @Override
    public final Image next() throws IOException {
        if (position >= info.frameCount()) {
            throw new NoSuchElementException(
                    "all " + info.frameCount() + " frames of " + info.source() + " have been read");
        }
        int[] rgb = decode(position);
        position++;
        return Pixels.image(rgb, info.width(), info.height());
    }

    @Override
    public final void skip(int n) throws IOException {
        if (n < 0 || n > info.frameCount() - position) {
            throw new IllegalArgumentException("cannot skip " + n + " frames at frame " + position + " of "
                    + info.frameCount() + " in " + info.source());
        }
        if (n > 0) {
            seek(position + n);
            position += n;
        }
    }

    /**
     * @param index the frame to decode, always {@link #position()}
     * @return its pixels, {@code 0xRRGGBB}, {@code width * height}
     * @throws IOException if it cannot be decoded
     */
    abstract int[] decode(int index) throws IOException;

    /**
     * Prepares to decode {@code target} next.
     *
     * @param target a frame index after {@link #position()}
     * @throws IOException if frames that must be decoded to get there cannot be
     */
    abstract void seek(int target) throws IOException;

    /**
     * @param frame the frame concerned, or -1 for the file as a whole
     * @param problem what is wrong
     * @param cause the library's error, or null
     * @return an error naming the file and the frame
     */
    final ModelFormatException corrupt(int frame, String problem, Throwable cause) {
        String detail = cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
        return new ModelFormatException(info.source(), frame < 0 ? null : "frame " + frame, problem + detail, cause);
    }
}
