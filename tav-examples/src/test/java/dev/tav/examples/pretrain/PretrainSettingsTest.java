package dev.tav.examples.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PretrainSettingsTest {
    private static final PretrainSettings S = new PretrainSettings(1, 1, 1e-3, 0, 10, 1, 0.5, 4, 0, 1, 0, 1, 5, 0);

    @Test
    void the_unet_rate_warms_up_stays_then_falls_linearly_over_the_cool_down() {
        assertThat(S.unetRate(0)).isCloseTo(0.125, within(1e-12));
        assertThat(S.unetRate(3)).isCloseTo(0.5, within(1e-12));
        assertThat(S.unetRate(9)).isCloseTo(0.5, within(1e-12));
        assertThat(S.unetRate(10)).isCloseTo(0.5, within(1e-12));
        assertThat(S.unetRate(12)).isCloseTo(0.3, within(1e-12));
        assertThat(S.unetRate(14)).isCloseTo(0.1, within(1e-12));
        assertThat(S.unetTotalSteps()).isEqualTo(15);
    }

    @Test
    void only_checkpoints_inside_the_cool_down_name_its_length() {
        assertThat(S.unetJob(10)).isEqualTo(S.unetJob(0)).doesNotContain("cooldown");
        assertThat(S.unetJob(11)).endsWith(" cooldown=5");
    }

    @Test
    void an_object_loss_weight_is_part_of_the_job_only_when_it_is_used() {
        PretrainSettings weighted = new PretrainSettings(1, 1, 1e-3, 0, 10, 1, 0.5, 4, 0, 1, 0, 1, 5, 4);
        assertThat(weighted.unetJob(0)).isEqualTo(S.unetJob(0) + " object_weight=4.0");
        assertThatThrownBy(() -> new PretrainSettings(1, 1, 1e-3, 0, 10, 1, 0.5, 4, 0, 1, 0, 1, 5, -1))
                .hasMessageContaining("objectLossWeight");
    }

    @Test
    void a_negative_cool_down_is_refused_by_name() {
        assertThatThrownBy(() -> new PretrainSettings(1, 1, 1e-3, 0, 10, 1, 0.5, 4, 0, 1, 0, 1, -1, 0))
                .hasMessageContaining("unetCooldownSteps");
    }
}
