package dev.tav.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {
    @Property
    void all_parameters_selects_every_name(@ForAll String name) {
        assertThat(TrainerOptions.allParameters(AdamWSettings.defaults()).isTrainable(name)).isTrue();
    }

    @Test
    void patterns_select_only_the_modules_they_name() {
        TrainerOptions options = new TrainerOptions(List.of("attn1.to_q", "attn_temp"), AdamWSettings.defaults());
        assertThat(options.allParameters()).isFalse();
        assertThat(options.isTrainable("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight")).isTrue();
        assertThat(options.isTrainable("mid_block.attentions.0.transformer_blocks.0.attn_temp.to_out.0.bias"))
                .isTrue();
        assertThat(options.isTrainable("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k.weight"))
                .isFalse();
        assertThat(options.isTrainable("conv_in.weight")).isFalse();
    }

    @Test
    void all_parameters_has_no_patterns_and_keeps_the_optimiser() {
        AdamWSettings adam = new AdamWSettings(0.5, 0.9, 1e-6, 0, 2);
        TrainerOptions options = TrainerOptions.allParameters(adam);
        assertThat(options.allParameters()).isTrue();
        assertThat(options.trainableModules()).isEmpty();
        assertThat(options.adamW()).isEqualTo(adam);
    }

    @Test
    void patterns_and_all_parameters_exclude_each_other() {
        assertThatThrownBy(() -> new TrainerOptions(List.of("attn1.to_q"), true, AdamWSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trainableModules");
        assertThatThrownBy(() -> new TrainerOptions(List.of(), AdamWSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one module");
        assertThatThrownBy(() -> new TrainerOptions(List.of(" "), AdamWSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trainableModules");
    }
}
