package dev.tav.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.pipeline.FrameSampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameSamplerTest {
    private static final int FRAMES = 60;
    private static Path folder;
    private static Path gif;
    private static Path mp4;

    /** Writes, once, sources whose frame i is filled with {@link VideoSamples#indexColor(int) indexColor(i)}. */
    private static synchronized void writeSources() throws IOException {
        if (folder != null) {
            return;
        }
        int[] colors = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            colors[i] = VideoSamples.indexColor(i);
        }
        Video v = VideoSamples.solid(16, 16, colors, 24);
        Path dir = Files.createTempDirectory("sampler");
        VideoWriter.write(v, dir.resolve("frames"), VideoMetadata.empty());
        VideoWriter.write(v, dir.resolve("v.gif"), VideoMetadata.empty());
        VideoWriter.write(v, dir.resolve("v.mp4"), VideoMetadata.empty());
        try (var walk = Files.walk(dir)) {
            walk.forEach(p -> p.toFile().deleteOnExit());
        }
        gif = dir.resolve("v.gif");
        mp4 = dir.resolve("v.mp4");
        folder = dir.resolve("frames");
    }

    @BeforeContainer
    static void beforeProperties() throws IOException {
        writeSources();
    }

    @BeforeAll
    static void beforeTests() throws IOException {
        writeSources();
    }

    /** The official code: {@code list(range(start, len(vr), step))[:count]}. */
    private static List<Integer> official(int frameCount, int start, int step, int count) {
        List<Integer> range = new ArrayList<>();
        for (int i = start; i < frameCount; i += step) {
            range.add(i);
        }
        return range.subList(0, Math.min(count, range.size()));
    }

    @Property
    void indices_equal_the_official_formula(@ForAll @IntRange(max = 400) int frameCount,
            @ForAll @IntRange(max = 300) int start, @ForAll @IntRange(min = 1, max = 12) int step,
            @ForAll @IntRange(min = 1, max = 48) int count) {
        int[] idx = FrameSampler.indices(new FrameSampling(count, start, step, 8, 8), frameCount);
        assertThat(java.util.Arrays.stream(idx).boxed().toList()).isEqualTo(official(frameCount, start, step, count));
    }

    @Property(tries = 60)
    void sampled_frames_are_the_source_frames_the_formula_names(@ForAll @IntRange(max = 30) int start,
            @ForAll @IntRange(min = 1, max = 5) int step, @ForAll @IntRange(min = 1, max = 12) int count) throws IOException {
        FrameSampling s = new FrameSampling(count, start, step, 16, 16);
        List<Integer> expected = official(FRAMES, start, step, count);
        for (Path source : List.of(folder, gif, mp4)) {
            if (expected.size() < count) {
                assertThatThrownBy(() -> FrameSampler.read(source, s)).isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            Video v = FrameSampler.read(source, s);
            assertThat(v.frameCount()).isEqualTo(count);
            assertThat(v.fps()).isEqualTo(24.0 / step);
            for (int i = 0; i < count; i++) {
                int[] px = Pixels.rgb(v.frames().get(i));
                int want = VideoSamples.indexColor(expected.get(i));
                // MP4 is lossy; the colours are 51 levels apart, so 12 still identifies the frame.
                int tolerance = source == mp4 ? 12 : 0;
                int[] expectedPx = new int[px.length];
                java.util.Arrays.fill(expectedPx, want);
                assertThat(VideoSamples.maxAbsDiff(px, expectedPx)).as("%s frame %d", source, i)
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Property(tries = 40)
    void sampling_a_decoded_video_gives_the_frames_sampling_its_file_gives(@ForAll @IntRange(max = 30) int start,
            @ForAll @IntRange(min = 1, max = 5) int step, @ForAll @IntRange(min = 1, max = 10) int count,
            @ForAll @IntRange(min = 1, max = 3) int eighths) throws IOException {
        FrameSampling s = new FrameSampling(count, start, step, 8 * eighths, 16);
        Video all = VideoReader.readAll(folder);
        if (FrameSampler.indices(s, FRAMES).length < count) {
            assertThatThrownBy(() -> FrameSampler.sample(all, s)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the video has 60 frames")
                    .hasMessageContaining("needs " + FrameSampler.framesNeeded(s));
            return;
        }
        Video fromFile = FrameSampler.read(folder, s);
        Video inMemory = FrameSampler.sample(all, s);
        assertThat(inMemory.fps()).isEqualTo(fromFile.fps());
        assertThat(inMemory.frameCount()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            assertThat(Pixels.rgb(inMemory.frames().get(i))).as("frame %d", i)
                    .isEqualTo(Pixels.rgb(fromFile.frames().get(i)));
        }
    }

    @Test
    void resizes_every_sampled_frame_to_the_requested_size() throws IOException {
        Video v = FrameSampler.read(gif, new FrameSampling(3, 1, 2, 24, 8));
        assertThat(v.width()).isEqualTo(24);
        assertThat(v.height()).isEqualTo(8);
        assertThat(Pixels.rgb(v.frames().get(2))).containsOnly(VideoSamples.indexColor(5));
    }

    @Test
    void too_short_a_source_is_an_error_naming_the_file_the_frames_found_and_needed() {
        FrameSampling s = new FrameSampling(24, 20, 2, 16, 16);
        assertThatThrownBy(() -> FrameSampler.read(folder, s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(folder.toString()).hasMessageContaining("has 60 frames")
                .hasMessageContaining("needs 67").hasMessageContaining("n_sample_frames=24");
    }

    @Test
    void sampling_needs_a_reader_at_its_first_frame() throws IOException {
        try (VideoReader r = VideoReader.open(gif)) {
            r.next();
            assertThatThrownBy(() -> FrameSampler.sample(r, FrameSampling.defaults()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame 1");
        }
    }
}
