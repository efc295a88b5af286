package dev.tav.tensorflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.model.UNetConfig;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UNetBenchmarkTest {
    @Test
    void the_embedded_config_is_stable_diffusion_v1_5_with_its_published_parameter_count() throws IOException {
        UNetConfig sd = UNetBenchmark.sd15Config();

        assertThat(sd.blockOutChannels()).containsExactly(320, 640, 1280, 1280);
        assertThat(sd.attentionHeads()).containsExactly(8, 8, 8, 8);
        assertThat(sd.crossAttentionDim()).isEqualTo(768);
        assertThat(sd.video()).isFalse();
        // runwayml/stable-diffusion-v1-5 unet: 859,520,964 parameters
        assertThat(RandomWeights.forUNet(sd, 0).elementCount()).isEqualTo(859_520_964L);
    }

    @Test
    void the_video_config_adds_only_the_temporal_layers() throws IOException {
        UNetConfig video = UNetBenchmark.sd15VideoConfig();
        RandomWeights weights = RandomWeights.forUNet(video, 0);

        assertThat(video.video()).isTrue();
        // 16 transformer blocks, each adding attn_temp (4 C*C weights + C bias) and norm_temp (2 C):
        // C = 320 x5 (down 2, up 3), 640 x5, 1280 x6 (down 2, mid 1, up 3)
        long extra = 5 * temporal(320) + 5 * temporal(640) + 6 * temporal(1280);
        assertThat(weights.elementCount()).isEqualTo(859_520_964L + extra);
        assertThat(weights.names()).filteredOn(n -> n.contains("attn_temp") || n.contains("norm_temp")).hasSize(16 * 7);
    }

    private static long temporal(long c) {
        return 4 * c * c + c + 2 * c;
    }

    @Test
    void a_measurement_prints_its_machine_readable_line_with_derived_rates() {
        UNetBenchmark.Measurement m = new UNetBenchmark.Measurement(8, 2, 32, 10.0, 30.0,
                new FlopCount(1_000_000_000_000L, 500_000_000_000L, 500_000_000_000L), 250.0, 3L << 30);

        assertThat(m.gflops()).isEqualTo(200.0);
        assertThat(m.ratio()).isEqualTo(0.8);
        assertThat(m.resultLine()).isEqualTo("RESULT bench=unet frames=8 batch=2 latent=32 sec_per_step=10.000"
                + " gflop=2000.0 gflops=200.0 matmul_gflops=250.0 ratio=0.800 peak_rss_mb=3072");
    }

    @Test
    void the_time_ratio_at_equal_speed_cancels_a_change_of_machine_speed() {
        FlopCount flops = new FlopCount(1_000_000_000_000L, 500_000_000_000L, 500_000_000_000L);
        UNetBenchmark.Measurement eight = new UNetBenchmark.Measurement(8, 2, 32, 10.0, 30.0, flops, 400.0, 1);
        // twice the work on a machine that has become 10 % slower: 2.2× the time, 10 % lower matrix-product rate
        UNetBenchmark.Measurement sixteen = new UNetBenchmark.Measurement(16, 2, 32, 22.0, 60.0, flops, 360.0, 1);

        assertThat(sixteen.timeRatioAtEqualSpeed(eight)).isCloseTo(1.98, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(eight.timeRatioAtEqualSpeed(eight)).isEqualTo(1.0);
    }

    @Test
    void invalid_settings_name_the_setting() {
        assertThatThrownBy(() -> new UNetBenchmark.Settings(List.of(0), 2, 32, 1, 3, 0, 0, 2048, 7, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frames");
        assertThatThrownBy(() -> new UNetBenchmark.Settings(List.of(8), 2, 30, 1, 3, 0, 0, 2048, 7, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latent");
    }

    @Test
    void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assertThat(MatmulReference.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(MatmulReference.median(new double[] {5, 1, 3})).isEqualTo(3);
    }
}
