package dev.tav.examples.quality;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The outcome of one quality benchmark run: every video's scores by variant, and the text-to-image model's accuracy
 * on still prompts.
 *
 * @param settings how the run tuned and sampled
 * @param scores the scores of every generated video, by variant (every variant has one score per case and edit)
 * @param stillAccuracy fraction of still prompts whose single generated picture has the prompt's shape, colour and
 *     background
 * @param stills how many still prompts were generated
 */
public record QualityReport(QualitySettings settings, Map<Variant, List<VideoScore>> scores, double stillAccuracy,
        int stills) {
    /** Copies the scores. */
    public QualityReport {
        Map<Variant, List<VideoScore>> copy = new EnumMap<>(Variant.class);
        scores.forEach((v, list) -> copy.put(v, List.copyOf(list)));
        scores = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * @param variant a variant of the run
     * @param metric one of the scores
     * @return its mean over the variant's videos
     */
    public double mean(Variant variant, ToDoubleFunction<VideoScore> metric) {
        return scores.get(variant).stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    /** @return one machine-readable {@code RESULT} line per variant, then one for the still prompts */
    public List<String> resultLines() {
        List<String> lines = new ArrayList<>();
        scores.forEach((v, list) -> lines.add(String.format(Locale.ROOT,
                "RESULT bench=quality variant=%s videos=%d motion=%.4f edit_accuracy=%.3f consistency=%.3f", v.name(),
                list.size(), mean(v, VideoScore::motion), mean(v, VideoScore::editAccuracy),
                mean(v, VideoScore::consistency))));
        lines.add(String.format(Locale.ROOT, "RESULT bench=quality stills=%d t2i_accuracy=%.3f", stills,
                stillAccuracy));
        return lines;
    }

    /** @return the table as Markdown (the form {@code docs/quality.md} quotes) */
    public String markdown() {
        StringBuilder b = new StringBuilder(
                "| configuration | motion distance ↓ | edit accuracy ↑ | frame consistency ↑ |\n| --- | --- | --- | --- |\n");
        scores.forEach((v, list) -> b.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.2f |%n", v.label(),
                mean(v, VideoScore::motion), mean(v, VideoScore::editAccuracy), mean(v, VideoScore::consistency))));
        b.append(String.format(Locale.ROOT, "%nText-to-image accuracy on %d still prompts: %.2f%n", stills,
                stillAccuracy));
        return b.toString();
    }
}
