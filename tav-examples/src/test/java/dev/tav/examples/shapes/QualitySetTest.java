package dev.tav.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QualitySetTest {
    @Test
    void the_set_has_twelve_varied_eight_frame_sources() {
        List<QualityCase> cases = QualitySet.cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(12);
        assertThat(cases.stream().map(QualityCase::name).distinct().count()).isEqualTo(cases.size());
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.source().frameCount()).isEqualTo(8);
            assertThat(c.source().side()).isEqualTo(64);
        });
        Set<Object> seen = new HashSet<>();
        cases.forEach(c -> {
            Appearance a = c.source().appearance();
            seen.add(a.object().shape());
            seen.add(a.object().colour());
            seen.add(a.object().size());
            seen.add(a.background());
            seen.add(c.source().trajectory());
        });
        assertThat(seen).containsAll(List.of(Shape.values())).containsAll(List.of(Colour.values()))
                .containsAll(List.of(Size.values())).containsAll(List.of(Background.values()))
                .containsAll(List.of(Trajectory.values()));
        assertThat(QualitySet.cases()).isEqualTo(cases);
        assertThat(cases.get(0).source().caption()).isEqualTo("a large red circle moving right on a white background");
    }

    @Test
    void each_source_has_an_object_a_background_and_a_combined_edit_that_change_what_they_name() {
        for (QualityCase c : QualitySet.cases()) {
            Appearance source = c.source().appearance();
            assertThat(c.edits()).extracting(Edit::kind).containsExactly(EditKind.values());
            Appearance object = c.edit(EditKind.OBJECT).target();
            assertThat(object.object().shape()).isNotEqualTo(source.object().shape());
            assertThat(object.object().colour()).isNotEqualTo(source.object().colour());
            assertThat(object.object().size()).isEqualTo(source.object().size());
            assertThat(object.background()).isEqualTo(source.background());
            Appearance background = c.edit(EditKind.BACKGROUND).target();
            assertThat(background.object()).isEqualTo(source.object());
            assertThat(background.background()).isNotEqualTo(source.background());
            assertThat(c.edit(EditKind.BOTH).target()).isEqualTo(new Appearance(object.object(), background.background()));
            assertThat(c.edits()).allSatisfy(e -> {
                assertThat(e.trajectory()).isEqualTo(c.source().trajectory());
                assertThat(e.prompt()).isEqualTo(e.target().caption(c.source().trajectory()));
            });
        }
    }

    @Test
    void the_analysers_recover_every_source_video_of_the_set() {
        for (QualityCase c : QualitySet.cases()) {
            VideoAnalysis analysis = VideoAnalysis.of(c.source().toVideo());
            assertThat(analysis.fractionMatching(c.source().appearance(), EnumSet.allOf(Attribute.class)))
                    .as(c.name()).isEqualTo(1.0);
            assertThat(analysis.compareTrack(c.source().centres()).meanDistance().orElseThrow()).isLessThan(0.3);
            assertThat(analysis.majority().appearance()).contains(c.source().appearance());
        }
    }

    @Test
    void the_still_prompts_name_every_shape_with_every_colour_once() {
        List<Appearance> stills = QualitySet.stills();
        assertThat(stills).hasSize(Shape.values().length * Colour.values().length);
        assertThat(stills.stream().map(a -> List.of(a.object().shape(), a.object().colour())).distinct().count())
                .isEqualTo(stills.size());
        for (Background b : Background.values()) {
            assertThat(stills.stream().filter(a -> a.background() == b).count()).isEqualTo(6);
        }
        for (Size s : Size.values()) {
            assertThat(stills.stream().filter(a -> a.object().size() == s).count()).isEqualTo(12);
        }
    }
}
