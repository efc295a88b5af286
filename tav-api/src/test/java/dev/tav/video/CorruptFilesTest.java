package dev.tav.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.tav.model.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Truncated and corrupted files must give a {@link ModelFormatException} naming the file, quickly. */
class CorruptFilesTest {
    private static List<Path> sources;

    private static synchronized List<Path> sources() throws IOException {
        if (sources == null) {
            Path dir = Files.createTempDirectory("corrupt-src");
            Video v = VideoSamples.moving(32, 24, 6, 8);
            Path gif = dir.resolve("ours.gif");
            Path mp4 = dir.resolve("ours.mp4");
            VideoWriter.write(v, gif, VideoMetadata.of("p", 1, "{}"));
            VideoWriter.write(v, mp4, VideoMetadata.of("p", 1, "{}"));
            gif.toFile().deleteOnExit();
            mp4.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            sources = List.of(VideoSamples.resource("x264_high_bframes.mp4"),
                    VideoSamples.resource("x264_crop_70x46.mp4"), VideoSamples.resource("ffmpeg_partial.gif"), gif,
                    mp4);
        }
        return sources;
    }

    @Provide
    Arbitrary<Integer> source() {
        return Arbitraries.integers().between(0, 4);
    }

    private static Path damaged(Path source, byte[] content) throws IOException {
        String name = source.getFileName().toString();
        Path p = Files.createTempFile("damaged-", name.substring(name.lastIndexOf('.')));
        Files.write(p, content);
        return p;
    }

    private static void readFully(Path p) throws IOException {
        try (VideoReader r = VideoReader.open(p)) {
            while (r.hasNext()) {
                r.next();
            }
        }
    }

    @Example
    void a_stream_on_which_the_decoder_loops_fails_within_the_time_limit() throws IOException {
        // One byte of the fixture's first slice changed: JCodec's CABAC mb_qp_delta loop then never ends.
        byte[] bytes = Files.readAllBytes(VideoSamples.resource("x264_high_bframes.mp4"));
        bytes[1188] = 53;
        Path p = Files.createTempFile("loops-", ".mp4");
        Files.write(p, bytes);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> readFully(p))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(p.getFileName().toString())
                    .hasMessageContaining("frame 0").hasMessageContaining("did not finish"));
            if (Runtime.version().feature() < 20) {
                Thread.sleep(500);
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                        t -> t.getName().equals("tav-h264-" + p.getFileName()) && t.isAlive());
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            Files.delete(p);
        }
    }

    @Example
    void a_gif_whose_logical_screen_claims_a_huge_size_is_refused_at_once() throws IOException {
        byte[] bytes = Files.readAllBytes(VideoSamples.resource("ffmpeg_partial.gif"));
        putShortLE(bytes, 6, 20000);
        putShortLE(bytes, 8, 20000);
        assertRefusedQuickly(damaged(VideoSamples.resource("ffmpeg_partial.gif"), bytes), "the logical screen",
                "20000x20000");
    }

    @Example
    void a_gif_whose_frame_claims_a_huge_size_is_refused_at_once() throws IOException {
        Path source = sources().get(3);
        byte[] bytes = Files.readAllBytes(source);
        int descriptor = firstImageDescriptor(bytes);
        putShortLE(bytes, descriptor + 5, 9000);
        putShortLE(bytes, descriptor + 7, 30);
        assertRefusedQuickly(damaged(source, bytes), "frame 0", "9000x30");
    }

    @Example
    void an_image_folder_whose_first_frame_claims_a_huge_size_is_refused_at_once() throws IOException {
        Path folder = Files.createTempDirectory("huge-frames");
        Path frame = folder.resolve("0001.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", frame.toFile());
        byte[] png = Files.readAllBytes(frame);
        putIntBE(png, 16, 30000); // IHDR width, then its CRC over type and data
        putIntBE(png, 20, 30000);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        putIntBE(png, 29, (int) crc.getValue());
        Files.write(frame, png);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> readFully(folder))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("0001.png")
                    .hasMessageContaining("30000x30000"));
        } finally {
            Files.delete(frame);
            Files.delete(folder);
        }
    }

    private static void assertRefusedQuickly(Path p, String... phrases) throws IOException {
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> readFully(p))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(p.getFileName().toString())
                    .hasMessageContainingAll(phrases));
        } finally {
            Files.delete(p);
        }
    }

    /** @return the offset of the first image descriptor (0x2C) of a GIF, walking its blocks */
    private static int firstImageDescriptor(byte[] gif) {
        int at = 13;
        if ((gif[10] & 0x80) != 0) {
            at += 3 << ((gif[10] & 7) + 1);
        }
        while (gif[at] == 0x21) {
            at += 2;
            while (gif[at] != 0) {
                at += (gif[at] & 0xFF) + 1;
            }
            at++;
        }
        assertThat(gif[at]).isEqualTo((byte) 0x2C);
        return at;
    }

    private static void putShortLE(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void putIntBE(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >> (24 - 8 * i));
        }
    }

    @Property(tries = 150)
    void a_truncated_file_is_refused_naming_it(@ForAll("source") int which,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double keep) throws IOException {
        Path source = sources().get(which);
        byte[] all = Files.readAllBytes(source);
        Path p = damaged(source, java.util.Arrays.copyOf(all, (int) (all.length * keep)));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> readFully(p))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining(p.getFileName().toString()));
        } finally {
            Files.delete(p);
        }
    }

    @Property(tries = 400)
    void a_corrupted_file_is_read_or_refused_naming_it(@ForAll("source") int which, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 16) int flips) throws IOException {
        Path source = sources().get(which);
        byte[] all = Files.readAllBytes(source);
        Random random = new Random(seed);
        for (int i = 0; i < flips; i++) {
            all[random.nextInt(all.length)] = (byte) random.nextInt(256);
        }
        Path p = damaged(source, all);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try {
                    readFully(p);
                } catch (ModelFormatException e) {
                    assertThat(e).hasMessageContaining(p.getFileName().toString());
                }
            });
        } finally {
            Files.delete(p);
        }
    }
}
