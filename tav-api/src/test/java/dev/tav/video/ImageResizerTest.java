package dev.tav.video;

import static dev.tav.video.VideoSamples.meanAbsDiff;
import static dev.tav.video.VideoSamples.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ImageResizerTest {
    private static int[] read(String name) throws IOException {
        BufferedImage img = ImageIO.read(resource(name).toFile());
        return Pixels.rgb(Pixels.wrap(img));
    }

    @Test
    void matches_ffmpeg_bilinear_scaler_closely_in_both_directions() throws IOException {
        int[] src = read("resize_src_48x32.png");
        // measured mean |difference|: 1.04 levels shrinking (sharp fractal edges; swscale works in fixed point),
        // 0.046 enlarging; FFmpeg's bicubic filter differs from its bilinear one by 2.3 (shrinking) and 2.4 levels.
        assertThat(meanAbsDiff(ImageResizer.resize(src, 48, 32, 20, 12), read("resize_ffmpeg_bilinear_20x12.png")))
                .isLessThan(1.2);
        assertThat(meanAbsDiff(ImageResizer.resize(src, 48, 32, 72, 48), read("resize_ffmpeg_bilinear_72x48.png")))
                .isLessThan(0.08);
    }

    @Property
    void keeps_a_uniform_image_uniform(@ForAll @IntRange(min = 1, max = 40) int w,
            @ForAll @IntRange(min = 1, max = 40) int h, @ForAll @IntRange(min = 1, max = 40) int nw,
            @ForAll @IntRange(min = 1, max = 40) int nh, @ForAll @IntRange(max = 0xFFFFFF) int color) {
        int[] src = new int[w * h];
        java.util.Arrays.fill(src, color);
        assertThat(ImageResizer.resize(src, w, h, nw, nh)).hasSize(nw * nh).containsOnly(color);
    }

    @Test
    void averages_fine_detail_when_shrinking_instead_of_aliasing() {
        // A one-pixel checkerboard shrunk 4x: point sampling would give pure black or white; area-aware
        // filtering gives mid grey everywhere.
        int w = 64;
        int[] src = new int[w * w];
        for (int i = 0; i < src.length; i++) {
            src[i] = ((i % w + i / w) % 2 == 0) ? 0xFFFFFF : 0;
        }
        int[] out = ImageResizer.resize(src, w, w, 16, 16);
        for (int p : out) {
            assertThat(p & 0xFF).isBetween(120, 135);
        }
    }

    @Test
    void same_size_is_an_exact_copy() {
        int[] src = {1, 2, 3, 0xFFFFFF, 0x123456, 7};
        int[] out = ImageResizer.resize(src, 3, 2, 3, 2);
        assertThat(out).isEqualTo(src).isNotSameAs(src);
    }

    @Test
    void the_kernel_is_a_tent_of_radius_one() {
        assertThat(ImageResizer.tent(0)).isEqualTo(1.0);
        assertThat(ImageResizer.tent(0.25)).isEqualTo(0.75);
        assertThat(ImageResizer.tent(-0.5)).isEqualTo(0.5);
        assertThat(ImageResizer.tent(1)).isEqualTo(0.0);
        assertThat(ImageResizer.tent(1.5)).isEqualTo(0.0);
    }

    @Test
    void enlarging_twice_interpolates_between_neighbours_at_quarter_positions() {
        // Output pixel centres fall at source positions -0.25, 0.25, 0.75, 1.25 (edges replicated).
        int[] out = ImageResizer.resize(new int[] {0, 200}, 2, 1, 4, 1);
        assertThat(out).containsExactly(0, 50, 150, 200);
    }
}
