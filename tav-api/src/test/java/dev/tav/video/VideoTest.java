package dev.tav.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.modality.cv.Image;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoTest {
    @Test
    void knows_its_size_and_duration() {
        Video v = VideoSamples.moving(24, 16, 12, 8);
        assertThat(v.frameCount()).isEqualTo(12);
        assertThat(v.width()).isEqualTo(24);
        assertThat(v.height()).isEqualTo(16);
        assertThat(v.durationSeconds()).isEqualTo(1.5);
    }

    @Test
    void refuses_no_frames_a_bad_rate_and_frames_of_different_sizes() {
        List<Image> frames = new ArrayList<>(VideoSamples.moving(8, 8, 2, 8).frames());
        assertThatThrownBy(() -> new Video(List.of(), 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one frame");
        for (double fps : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Video(frames, fps)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fps");
        }
        frames.add(VideoSamples.moving(8, 6, 1, 8).frames().get(0));
        assertThatThrownBy(() -> new Video(frames, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame 2 is 8x6 but frame 0 is 8x8");
    }

    @Test
    void copies_its_frame_list() {
        List<Image> frames = new ArrayList<>(VideoSamples.moving(8, 8, 2, 8).frames());
        Video v = new Video(frames, 8);
        frames.clear();
        assertThat(v.frameCount()).isEqualTo(2);
    }
}
