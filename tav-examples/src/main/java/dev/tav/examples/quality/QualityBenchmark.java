package dev.tav.examples.quality;

import dev.tav.attention.AttentionProcessor;
import dev.tav.examples.shapes.Appearance;
import dev.tav.examples.shapes.Edit;
import dev.tav.examples.shapes.QualityCase;
import dev.tav.examples.shapes.QualitySet;
import dev.tav.examples.shapes.ShapeWorld;
import dev.tav.examples.shapes.VideoAnalysis;
import dev.tav.pipeline.EditRequest;
import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.FrameSampling;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.pipeline.TuneRequest;
import dev.tav.pipeline.TuneSettings;
import dev.tav.progress.CancellationToken;
import dev.tav.progress.ProgressEvent;
import dev.tav.progress.ProgressListener;
import dev.tav.tuning.TunedModel;
import dev.tav.video.Video;
import dev.tav.video.VideoGrid;
import dev.tav.video.VideoMetadata;
import dev.tav.video.VideoWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Measures result quality on the shapes world, whose truth is known: for each source video of the
 * {@link QualitySet} it tunes the model, generates each edit prompt under every {@link Variant}, analyses the
 * decoded frames ({@link VideoAnalysis}) and scores them ({@link VideoScore}); it also scores the text-to-image
 * model on the still prompts. Grids of every case (source, then the variants in enum order) are written to the work
 * folder as GIFs.
 */
public final class QualityBenchmark {
    private final TuneAVideoPipeline tav;
    private final Path work;
    private final QualitySettings settings;

    /**
     * @param tav a pipeline on the shapes-world model (or any model that draws the shapes world)
     * @param work where tuned weights and result grids go
     * @param settings the run's settings
     */
    public QualityBenchmark(TuneAVideoPipeline tav, Path work, QualitySettings settings) {
        this.tav = tav;
        this.work = work;
        this.settings = settings;
    }

    /**
     * Runs the benchmark.
     *
     * @param listener receives one {@code "quality"} event per generated video or still
     * @param cancel checked between generations
     * @return the report
     * @throws IOException if a file cannot be written
     */
    public QualityReport run(ProgressListener listener, CancellationToken cancel) throws IOException {
        Files.createDirectories(work);
        List<QualityCase> cases = QualitySet.cases().subList(0, settings.cases());
        List<Appearance> stills = QualitySet.stills();
        int edits = cases.stream().mapToInt(c -> c.edits().size()).sum();
        long total = (long) edits * Variant.values().length + stills.size();
        long done = 0;
        TunedModel untuned = tav.untuned(work.resolve("untuned.safetensors"));
        EditSettings edit = EditSettings.defaults().withSteps(settings.steps())
                .withInversion(true, settings.inversionSteps()).withGuidanceScale(settings.guidanceScale())
                .withSeed(settings.seed());
        Map<Variant, List<VideoScore>> scores = new EnumMap<>(Variant.class);
        for (QualityCase c : cases) {
            Video source = c.source().toVideo();
            TunedModel sparse = tune(c, source, AttentionProcessor.sparseCausal(), listener, cancel);
            TunedModel spatial = tune(c, source, AttentionProcessor.spatial(), listener, cancel);
            for (Edit e : c.edits()) {
                List<Video> row = new ArrayList<>(List.of(source));
                for (Variant v : Variant.values()) {
                    cancel.throwIfCancelled("quality benchmark");
                    Video video = switch (v) {
                        case FULL -> generate(sparse, source, e, edit);
                        case NO_TUNING -> generate(untuned, source, e, edit);
                        case NO_INVERSION -> generate(sparse, source, e, edit.withInversion(false, 1));
                        case SPATIAL_ATTENTION -> generate(spatial, source, e,
                                edit.withAttention(AttentionProcessor.spatial()));
                        case FRAME_BY_FRAME -> generate(untuned, source, e,
                                edit.withInversion(false, 1).withAttention(AttentionProcessor.spatial()));
                    };
                    row.add(video);
                    scores.computeIfAbsent(v, k -> new ArrayList<>())
                            .add(VideoScore.of(VideoAnalysis.of(video), c.source().centres(), e));
                    listener.onProgress(new ProgressEvent("quality", ++done, total, Map.of()));
                }
                VideoWriter.write(VideoGrid.of(row, row.size(), VideoGrid.DEFAULT_PADDING),
                        work.resolve(c.name() + "-" + e.kind().name().toLowerCase(java.util.Locale.ROOT) + ".gif"),
                        VideoMetadata.of(e.prompt(), settings.seed(), "source, then " + List.of(Variant.values())));
            }
        }
        int right = 0;
        FrameSampling one = new FrameSampling(1, 0, 1, ShapeWorld.DEFAULT_SIDE, ShapeWorld.DEFAULT_SIDE);
        for (Appearance still : stills) {
            cancel.throwIfCancelled("quality benchmark");
            Video picture = tav.generate(untuned, still.caption(), one, 1,
                    edit.withAttention(AttentionProcessor.spatial()), ProgressListener.none(), cancel);
            right += VideoAnalysis.of(picture).fractionMatching(still, VideoScore.SCORED) == 1 ? 1 : 0;
            listener.onProgress(new ProgressEvent("quality", ++done, total, Map.of()));
        }
        return new QualityReport(settings, scores, (double) right / stills.size(), stills.size());
    }

    private TunedModel tune(QualityCase c, Video source, AttentionProcessor attention, ProgressListener listener,
            CancellationToken cancel) throws IOException {
        FrameSampling sampling = new FrameSampling(source.frameCount(), 0, 1, source.width(), source.height());
        TuneSettings tune = TuneSettings.defaults().withSampling(sampling).withSteps(settings.tuneSteps())
                .withLearningRate(settings.tuneLearningRate()).withSeed(settings.seed())
                .withCheckpointEvery(settings.tuneSteps()).withAttention(attention);
        String folder = attention == AttentionProcessor.spatial() ? "spatial" : "sparse-causal";
        return tav.tune(new TuneRequest(source, c.source().caption(), tune, work.resolve(c.name()).resolve(folder)),
                ProgressListener.none(), cancel);
    }

    private Video generate(TunedModel model, Video source, Edit e, EditSettings edit) throws IOException {
        return tav.edit(model, new EditRequest(source, e.prompt(), edit), ProgressListener.none(),
                CancellationToken.none());
    }
}
