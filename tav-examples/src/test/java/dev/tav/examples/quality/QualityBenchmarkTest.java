package dev.tav.examples.quality;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.modality.cv.ImageFactory;
import dev.tav.examples.shapes.Edit;
import dev.tav.examples.shapes.EditKind;
import dev.tav.examples.shapes.QualityCase;
import dev.tav.examples.shapes.QualitySet;
import dev.tav.examples.shapes.ShapeVideo;
import dev.tav.examples.shapes.VideoAnalysis;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressListener;
import dev.tav.video.Video;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityBenchmarkTest {
    private static final QualityCase CASE = QualitySet.cases().get(0);

    @TempDir
    Path dir;

    @Test
    void the_true_edited_video_scores_perfectly() {
        for (Edit e : CASE.edits()) {
            Video truth = new ShapeVideo(e.target(), e.trajectory(), QualitySet.FRAMES, 64).toVideo();
            VideoScore score = VideoScore.of(VideoAnalysis.of(truth), CASE.source().centres(), e);
            assertThat(score.motion()).as(e.kind().name()).isLessThan(0.01);
            assertThat(score.editAccuracy()).as(e.kind().name()).isEqualTo(1.0);
            assertThat(score.consistency()).as(e.kind().name()).isEqualTo(1.0);
        }
    }

    @Test
    void the_unedited_source_fails_every_edit_but_keeps_the_motion() {
        Video source = CASE.source().toVideo();
        for (Edit e : CASE.edits()) {
            VideoScore score = VideoScore.of(VideoAnalysis.of(source), CASE.source().centres(), e);
            assertThat(score.motion()).isLessThan(0.01);
            assertThat(score.editAccuracy()).as(e.kind().name()).isZero();
        }
    }

    @Test
    void frames_without_an_object_count_as_a_full_side_of_motion_error() {
        BufferedImage blank = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        Video empty = new Video(Collections.nCopies(QualitySet.FRAMES, ImageFactory.getInstance().fromImage(blank)),
                8);
        VideoScore score = VideoScore.of(VideoAnalysis.of(empty), CASE.source().centres(), CASE.edit(EditKind.OBJECT));
        assertThat(score.motion()).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(score.editAccuracy()).isZero();
    }

    @Test
    void the_report_splits_every_variant_by_edit_kind() {
        Map<Variant, List<VideoScore>> scores = new EnumMap<>(Variant.class);
        for (Variant v : Variant.values()) {
            scores.put(v, List.of(new VideoScore(0.1, 1, 1, EditKind.OBJECT), new VideoScore(0.3, 0, 1,
                    EditKind.BACKGROUND), new VideoScore(0.5, 0.5, 0.5, EditKind.BACKGROUND)));
        }
        QualityReport report = new QualityReport(new QualitySettings(1, 1, 1e-4, 1, 1, 7.5, 1), scores, 0.5, 2);
        assertThat(report.mean(Variant.FULL, VideoScore::motion)).isCloseTo(0.3, Offset.offset(1e-12));
        assertThat(report.mean(Variant.FULL, EditKind.BACKGROUND, VideoScore::motion)).isCloseTo(0.4,
                Offset.offset(1e-12));
        assertThat(report.mean(Variant.FULL, EditKind.BOTH, VideoScore::motion)).isNaN();
        assertThat(report.resultLines()).contains(
                "RESULT bench=quality variant=FULL kind=OBJECT videos=1 motion=0.1000 edit_accuracy=1.000"
                        + " consistency=1.000",
                "RESULT bench=quality variant=FULL kind=BACKGROUND videos=2 motion=0.4000 edit_accuracy=0.250"
                        + " consistency=0.750")
                .noneMatch(l -> l.contains("kind=BOTH")).hasSize(Variant.values().length * 3 + 1);
        assertThat(report.markdown()).contains("| Tune-A-Video | 0.100 | 0.400 |");
    }

    @Test
    void a_run_scores_every_variant_on_every_edit_and_writes_the_grids() throws Exception {
        Path model = Path.of(System.getProperty("tav.fixtures", "../../shared/fixtures")).resolve("models/tiny-sd");
        QualitySettings settings = new QualitySettings(1, 1, 1e-4, 1, 1, 7.5, 1);
        QualityReport report;
        try (TuneAVideoPipeline tav = TuneAVideoPipeline.open(model)) {
            report = new QualityBenchmark(tav, dir, settings).run(ProgressListener.none(), CancellationToken.none());
        }
        assertThat(report.scores()).containsOnlyKeys(Variant.values());
        report.scores().values().forEach(list -> assertThat(list).hasSize(CASE.edits().size()));
        assertThat(report.stills()).isEqualTo(QualitySet.stills().size());
        assertThat(report.resultLines()).hasSize(Variant.values().length * (1 + EditKind.values().length) + 1)
                .allMatch(l -> l.startsWith("RESULT bench=quality "))
                .anySatisfy(l -> assertThat(l).startsWith("RESULT bench=quality variant=FULL kind=BOTH videos=1 "));
        assertThat(report.markdown()).contains("motion distance, background edits");
        assertThat(report.markdown()).contains(Variant.FULL.label(), "Text-to-image accuracy");
        for (Edit e : CASE.edits()) {
            assertThat(dir.resolve(CASE.name() + "-" + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ".gif"))
                    .exists();
        }
        assertThat(Files.list(dir.resolve(CASE.name())).toList()).hasSize(2);
    }
}
