package dev.tav.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AttentionProcessorTest {
    @Test
    void sparse_causal_attends_to_the_first_and_the_previous_frame_and_frame_zero_to_itself_twice() {
        FrameContext c = AttentionProcessor.sparseCausal().context(4);
        assertThat(c.keyValueFrames()).containsExactly(List.of(0, 0), List.of(0, 0), List.of(0, 1), List.of(0, 2));
    }

    @Test
    void key_frames_drop_uniform_repeats_and_keep_unequal_ones() {
        FrameContext c = AttentionProcessor.sparseCausal().context(4);
        assertThat(List.of(c.keyFrames(0), c.keyFrames(1), c.keyFrames(2), c.keyFrames(3)))
                .containsExactly(List.of(0), List.of(0), List.of(0, 1), List.of(0, 2));
        FrameContext custom = new FrameContext(List.of(List.of(1, 0, 1, 0), List.of(0, 0, 1)));
        assertThat(custom.keyFrames(0)).containsExactly(1, 0);
        assertThat(custom.keyFrames(1)).containsExactly(0, 0, 1);
    }

    @Test
    void cross_frame_attends_to_frame_zero_and_full_to_every_frame_in_order() {
        assertThat(AttentionProcessor.crossFrame().context(3).keyValueFrames())
                .containsExactly(List.of(0), List.of(0), List.of(0));
        assertThat(AttentionProcessor.full().context(3).keyValueFrames())
                .containsOnly(List.of(0, 1, 2));
    }

    @Property
    void spatial_is_the_only_built_in_rule_that_is_spatial_for_every_length(@ForAll @IntRange(min = 2, max = 40) int f) {
        assertThat(AttentionProcessor.spatial().context(f).isSpatial()).isTrue();
        assertThat(AttentionProcessor.sparseCausal().context(f).isSpatial()).isFalse();
        assertThat(AttentionProcessor.crossFrame().context(f).isSpatial()).isFalse();
        assertThat(AttentionProcessor.full().context(f).isSpatial()).isFalse();
    }

    @Property
    void with_a_single_frame_every_built_in_rule_attends_only_to_that_frame(@ForAll("builtIns") AttentionProcessor p) {
        assertThat(p.context(1).sources(0)).isNotEmpty().containsOnly(0);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<AttentionProcessor> builtIns() {
        return net.jqwik.api.Arbitraries.of(AttentionProcessor.spatial(), AttentionProcessor.sparseCausal(),
                AttentionProcessor.crossFrame(), AttentionProcessor.full());
    }

    @Test
    void a_plugin_rule_is_evaluated_and_contexts_compare_by_value() {
        AttentionProcessor previousOnly = (i, f) -> List.of(Math.max(i - 1, 0));
        FrameContext c = previousOnly.context(3);
        assertThat(c.keyValueFrames()).containsExactly(List.of(0), List.of(0), List.of(1));
        assertThat(c).isEqualTo(new FrameContext(List.of(List.of(0), List.of(0), List.of(1))));
        assertThat(AttentionProcessor.crossFrame().context(1)).isEqualTo(AttentionProcessor.spatial().context(1));
    }

    @Test
    void an_invalid_rule_is_reported_with_the_frame() {
        AttentionProcessor future = (i, f) -> List.of(i + 1);
        assertThatThrownBy(() -> future.context(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame 1 of 2").hasMessageContaining("outside [0, 2)");
        AttentionProcessor none = (i, f) -> List.of();
        assertThatThrownBy(() -> none.context(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no key/value frames");
        assertThatThrownBy(() -> AttentionProcessor.spatial().context(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
