package dev.tav.video;

import dev.tav.model.ModelFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a folder of PNG/JPEG frames ({@code .png}, {@code .jpg}, {@code .jpeg}, any case; hidden files and other
 * files ignored) in {@link NaturalOrder natural order} of their names. All sizes are checked from the file headers
 * when the folder is opened; pixels are decoded only when a frame is asked for. Frame rate and metadata come from
 * the text chunks of the first file if it is a PNG.
 */
final class ImageFolderReader extends AbstractVideoReader {
    private final List<Path> files;

    private ImageFolderReader(VideoInfo info, List<Path> files) {
        super(info);
        this.files = files;
    }

    static ImageFolderReader open(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = new ArrayList<>(list.filter(ImageFolderReader::isFrameFile).toList());
        }
        files.sort((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()));
        if (files.isEmpty()) {
            throw new ModelFormatException(folder, null, "the folder holds no .png, .jpg or .jpeg frame");
        }
        Header first = withReader(files.get(0), 0, false, r -> new Header(r.getWidth(0), r.getHeight(0),
                r.getFormatName().equalsIgnoreCase("png") ? PngText.read(r.getImageMetadata(0)) : Map.of()));
        checkSize(files.get(0), "frame 0", first.width(), first.height());
        for (int i = 1; i < files.size(); i++) {
            Path f = files.get(i);
            int frame = i;
            withReader(f, i, true, r -> {
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                if (w != first.width() || h != first.height()) {
                    throw new ModelFormatException(f, null, "frame " + frame + " is " + w + "x" + h + " but frame 0 ("
                            + files.get(0).getFileName() + ") is " + first.width() + "x" + first.height());
                }
                return null;
            });
        }
        Map<String, String> text = first.text();
        double fps = VideoInfo.DEFAULT_FOLDER_FPS;
        String storedFps = text.get(VideoMetadata.FPS);
        if (storedFps != null) {
            try {
                double v = Double.parseDouble(storedFps);
                if (v > 0 && !Double.isInfinite(v)) {
                    fps = v;
                }
            } catch (NumberFormatException ignored) {
                // not written by tav: keep the default
            }
        }
        VideoMetadata metadata = VideoMetadata.lenient(text).without(VideoMetadata.FPS);
        return new ImageFolderReader(
                new VideoInfo(folder, VideoFormat.IMAGE_FOLDER, files.size(), first.width(), first.height(), fps,
                        metadata), files);
    }

    private static boolean isFrameFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && Files.isRegularFile(p)
                && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    @Override
    int[] decode(int index) throws IOException {
        Path f = files.get(index);
        List<String> warnings = new ArrayList<>();
        BufferedImage img = withReader(f, index, true, r -> {
            // A truncated JPEG only raises a warning ("Premature end of JPEG file"): treat it as an error.
            r.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            return r.read(0);
        });
        if (!warnings.isEmpty()) {
            throw new ModelFormatException(f, null, "frame " + index + " is damaged: " + String.join("; ", warnings));
        }
        if (img.getWidth() != info().width() || img.getHeight() != info().height()) {
            throw new ModelFormatException(f, null, "frame " + index + " is now " + img.getWidth() + "x"
                    + img.getHeight() + ", expected " + info().width() + "x" + info().height());
        }
        return Pixels.rgb(Pixels.wrap(img));
    }

    /** The size and text chunks of the first frame. */
    private record Header(int width, int height, Map<String, String> text) {}

    /** What is done with an image reader set on one frame file. */
    @FunctionalInterface
    private interface ReaderUse<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /**
     * Opens frame file {@code f} with the ImageIO reader its content calls for and applies {@code use}; any failure
     * of ImageIO becomes an error naming the file and the frame.
     */
    private static <T> T withReader(Path f, int index, boolean ignoreMetadata, ReaderUse<T> use) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ModelFormatException(f, null, "frame " + index + " is not a readable PNG or JPEG image");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, ignoreMetadata);
                return use.apply(r);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelFormatException) {
                throw e;
            }
            throw new ModelFormatException(f, null, "frame " + index + " cannot be read: corrupt or truncated ("
                    + e + ")", e);
        }
    }

    @Override
    void seek(int target) {
        // frames are separate files: nothing to decode on the way
    }

    @Override
    public void close() {
        // no file stays open between frames
    }
}
