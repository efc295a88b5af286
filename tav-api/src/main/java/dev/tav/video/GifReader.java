package dev.tav.video;

import dev.tav.model.ModelFormatException;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Reads an animated GIF through ImageIO and composites every frame onto the logical screen, so each frame returned
 * is the full picture a browser shows: partial frames are drawn at their offset, transparent pixels keep what is
 * below, and the previous frame's disposal ({@code restoreToBackgroundColor}: its area becomes transparent;
 * {@code restoreToPrevious}: the screen goes back to what it was before that frame) is applied first. Pixels left
 * transparent come out black.
 *
 * <p>Frame offsets, sizes, disposal and delays are read from the metadata of all frames when the file is opened
 * (ImageIO skips the pixel data for this). Frames are then decoded only as far as needed; {@link #seek(int)} starts
 * compositing at the last frame at or before the target that covers the whole screen without transparency, since
 * nothing before such a frame can show through.
 */
final class GifReader extends AbstractVideoReader {
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";
    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";

    /** What the metadata says about one frame. */
    private record Frame(int x, int y, int w, int h, String disposal, boolean transparent) {
        boolean coversOpaque(int width, int height) {
            return x <= 0 && y <= 0 && x + w >= width && y + h >= height && !transparent;
        }
    }

    private final ImageInputStream input;
    private final ImageReader reader;
    private final List<Frame> frames;
    /** ARGB; alpha 0 means nothing drawn there. */
    private final int[] canvas;
    private int[] beforeLast;
    private int composed = -1;
    /** Whether the disposal of frame {@code composed} is still to be applied before drawing the next frame. */
    private boolean disposalPending;

    private GifReader(VideoInfo info, ImageInputStream input, ImageReader reader, List<Frame> frames) {
        super(info);
        this.input = input;
        this.reader = reader;
        this.frames = frames;
        this.canvas = new int[info.width() * info.height()];
    }

    static GifReader open(Path path) throws IOException {
        checkBlocks(path);
        ImageInputStream in = ImageIO.createImageInputStream(path.toFile());
        if (in == null) {
            throw new IOException("cannot open " + path);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("gif");
        if (!readers.hasNext()) {
            in.close();
            throw new IOException("this Java runtime has no GIF reader (java.desktop module missing?)");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, false, false);
            int n = reader.getNumImages(true);
            if (n < 1) {
                throw new ModelFormatException(path, null, "the GIF holds no image");
            }
            Node screen = child(reader.getStreamMetadata().getAsTree(STREAM_FORMAT), "LogicalScreenDescriptor");
            List<Frame> frames = new ArrayList<>(n);
            String comment = null;
            long totalDelay = 0;
            for (int i = 0; i < n; i++) {
                Node tree = reader.getImageMetadata(i).getAsTree(IMAGE_FORMAT);
                Node desc = child(tree, "ImageDescriptor");
                Node gce = child(tree, "GraphicControlExtension");
                int delay = gce == null ? 0 : intAttr(gce, "delayTime");
                totalDelay += delay <= 1 ? 10 : delay;
                checkSize(path, "frame " + i, intAttr(desc, "imageWidth"), intAttr(desc, "imageHeight"));
                frames.add(new Frame(intAttr(desc, "imageLeftPosition"), intAttr(desc, "imageTopPosition"),
                        intAttr(desc, "imageWidth"), intAttr(desc, "imageHeight"),
                        gce == null ? "none" : attr(gce, "disposalMethod"),
                        gce != null && Boolean.parseBoolean(attr(gce, "transparentColorFlag"))));
                Node comments = child(tree, "CommentExtensions");
                if (comment == null && comments != null && comments.getFirstChild() != null) {
                    comment = attr(comments.getFirstChild(), "value");
                }
            }
            int width = screen == null ? 0 : intAttr(screen, "logicalScreenWidth");
            int height = screen == null ? 0 : intAttr(screen, "logicalScreenHeight");
            if (width < 1 || height < 1) {
                width = frames.get(0).x() + frames.get(0).w();
                height = frames.get(0).y() + frames.get(0).h();
            }
            checkSize(path, "the logical screen", width, height);
            VideoMetadata metadata = comment == null ? VideoMetadata.empty() : fromComment(comment);
            double fps = n * 100.0 / totalDelay;
            return new GifReader(new VideoInfo(path, VideoFormat.GIF, n, width, height, fps, metadata), in, reader,
                    frames);
        } catch (IOException | RuntimeException | Error e) {
            reader.dispose();
            in.close();
            if (e instanceof ModelFormatException || e instanceof Error) {
                throw e;
            }
            throw new ModelFormatException(path, null, "not a readable GIF file: corrupt or truncated (" + e + ")",
                    e);
        }
    }

    /**
     * Walks the GIF block structure (without decoding) to the trailer: ImageIO silently drops a frame cut off by
     * truncation, so completeness is checked here.
     */
    private static void checkBlocks(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            byte[] header = in.readNBytes(13);
            if (header.length < 13) {
                throw new ModelFormatException(path, null, "the GIF header is cut off: the file is truncated");
            }
            int flags = header[10] & 0xFF;
            skip(path, in, (flags & 0x80) != 0 ? 3L << ((flags & 7) + 1) : 0, "the global colour table");
            int images = 0;
            while (true) {
                int block = in.read();
                switch (block) {
                    case 0x3B -> {
                        return;
                    }
                    case 0x21 -> {
                        readByte(path, in, "an extension");
                        skipSubBlocks(path, in, "an extension");
                    }
                    case 0x2C -> {
                        String where = "frame " + images;
                        byte[] desc = in.readNBytes(9);
                        if (desc.length < 9) {
                            throw truncated(path, where);
                        }
                        int f = desc[8] & 0xFF;
                        skip(path, in, (f & 0x80) != 0 ? 3L << ((f & 7) + 1) : 0, where);
                        readByte(path, in, where);
                        skipSubBlocks(path, in, where);
                        images++;
                    }
                    case -1 -> throw new ModelFormatException(path, null, "the file ends after " + images
                            + " frames without the GIF trailer: it is truncated");
                    default -> throw new ModelFormatException(path, null, "unknown block type 0x"
                            + Integer.toHexString(block) + " after " + images + " frames: the file is corrupt");
                }
            }
        }
    }

    private static void skipSubBlocks(Path path, InputStream in, String where) throws IOException {
        for (int len = readByte(path, in, where); len != 0; len = readByte(path, in, where)) {
            skip(path, in, len, where);
        }
    }

    private static int readByte(Path path, InputStream in, String where) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated(path, where);
        }
        return b;
    }

    private static void skip(Path path, InputStream in, long n, String where) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw truncated(path, where);
        }
    }

    private static ModelFormatException truncated(Path path, String where) {
        return new ModelFormatException(path, null, "the file ends inside " + where + ": it is truncated");
    }

    /** @return the entries of a comment written by tav, else the whole comment under the key {@code comment} */
    private static VideoMetadata fromComment(String comment) {
        return VideoMetadata.fromJson(comment).orElseGet(() -> VideoMetadata.empty().with("comment", comment));
    }

    @Override
    int[] decode(int index) throws IOException {
        while (composed < index) {
            compose(composed + 1);
        }
        int[] out = new int[canvas.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = canvas[i] & 0xFFFFFF;
        }
        return out;
    }

    private void compose(int k) throws IOException {
        if (disposalPending) {
            dispose(frames.get(composed));
        }
        Frame f = frames.get(k);
        beforeLast = f.disposal().equals("restoreToPrevious") ? canvas.clone() : null;
        BufferedImage img;
        try {
            img = reader.read(k);
        } catch (IOException | RuntimeException e) {
            throw corrupt(k, "cannot be decoded: the GIF data is corrupt or truncated", e);
        }
        int w = Math.min(img.getWidth(), f.w());
        int h = Math.min(img.getHeight(), f.h());
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        int cw = info().width();
        int ch = info().height();
        for (int y = 0; y < h; y++) {
            int cy = f.y() + y;
            if (cy < 0 || cy >= ch) {
                continue;
            }
            for (int x = 0; x < w; x++) {
                int cx = f.x() + x;
                int p = px[y * w + x];
                if (cx >= 0 && cx < cw && (p >>> 24) != 0) {
                    canvas[cy * cw + cx] = p | 0xFF000000;
                }
            }
        }
        composed = k;
        disposalPending = true;
    }

    private void dispose(Frame f) {
        switch (f.disposal()) {
            case "restoreToBackgroundColor" -> {
                int cw = info().width();
                for (int y = Math.max(f.y(), 0); y < Math.min(f.y() + f.h(), info().height()); y++) {
                    for (int x = Math.max(f.x(), 0); x < Math.min(f.x() + f.w(), cw); x++) {
                        canvas[y * cw + x] = 0;
                    }
                }
            }
            case "restoreToPrevious" -> System.arraycopy(beforeLast, 0, canvas, 0, canvas.length);
            default -> {
                // none / doNotDispose: the frame stays
            }
        }
    }

    @Override
    void seek(int target) {
        for (int j = target; j > composed + 1; j--) {
            if (frames.get(j).coversOpaque(info().width(), info().height())) {
                Arrays.fill(canvas, 0);
                composed = j - 1;
                disposalPending = false; // frame j hides everything before it
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        reader.dispose();
        input.close();
    }

    private static Node child(Node parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String attr(Node node, String name) {
        NamedNodeMap attrs = node.getAttributes();
        Node a = attrs == null ? null : attrs.getNamedItem(name);
        return a == null ? "" : a.getNodeValue();
    }

    private static int intAttr(Node node, String name) {
        String v = attr(node, name);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }
}
