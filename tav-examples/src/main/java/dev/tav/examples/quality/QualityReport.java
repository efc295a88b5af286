package dev.tav.examples.quality;

import dev.tav.examples.shapes.EditKind;
import java.util.ArrayList;
import java.util.Arrays;
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
        return average(scores.get(variant), metric);
    }

    /**
     * @param variant a variant of the run
     * @param kind an edit kind
     * @param metric one of the scores
     * @return its mean over the variant's videos of that edit kind; NaN if there are none
     */
    public double mean(Variant variant, EditKind kind, ToDoubleFunction<VideoScore> metric) {
        return average(ofKind(scores.get(variant), kind), metric);
    }

    /**
     * @return one machine-readable {@code RESULT} line per variant over all its videos, then one per variant and edit
     *     kind ({@code kind=OBJECT} …, for the kinds the run has), then one for the still prompts
     */
    public List<String> resultLines() {
        List<String> lines = new ArrayList<>();
        scores.forEach((v, list) -> lines.add(resultLine(v.name(), list)));
        List<EditKind> kinds = kinds();
        scores.forEach((v, list) -> kinds.forEach(k -> lines.add(resultLine(v.name() + " kind=" + k.name(),
                ofKind(list, k)))));
        lines.add(String.format(Locale.ROOT, "RESULT bench=quality stills=%d t2i_accuracy=%.3f", stills,
                stillAccuracy));
        return lines;
    }

    private static String resultLine(String variant, List<VideoScore> list) {
        return String.format(Locale.ROOT,
                "RESULT bench=quality variant=%s videos=%d motion=%.4f edit_accuracy=%.3f consistency=%.3f", variant,
                list.size(), average(list, VideoScore::motion), average(list, VideoScore::editAccuracy),
                average(list, VideoScore::consistency));
    }

    private static double average(List<VideoScore> list, ToDoubleFunction<VideoScore> metric) {
        return list.stream().mapToDouble(metric).average().orElse(Double.NaN);
    }

    private static List<VideoScore> ofKind(List<VideoScore> list, EditKind kind) {
        return list.stream().filter(s -> s.kind() == kind).toList();
    }

    /** The edit kinds present in the run, in declaration order. */
    private List<EditKind> kinds() {
        return Arrays.stream(EditKind.values())
                .filter(k -> scores.values().stream().flatMap(List::stream).anyMatch(s -> s.kind() == k)).toList();
    }

    /** @return the table as Markdown (the form {@code docs/quality.md} quotes) */
    public String markdown() {
        StringBuilder b = new StringBuilder(
                "| configuration | motion distance ↓ | edit accuracy ↑ | frame consistency ↑ |\n| --- | --- | --- | --- |\n");
        scores.forEach((v, list) -> b.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f | %.2f |%n", v.label(),
                mean(v, VideoScore::motion), mean(v, VideoScore::editAccuracy), mean(v, VideoScore::consistency))));
        List<EditKind> kinds = kinds();
        b.append("\n| configuration |");
        kinds.forEach(k -> b.append(" motion distance, ").append(k.name().toLowerCase(Locale.ROOT))
                .append(" edits ↓ |"));
        b.append("\n| ---").append(" | ---".repeat(kinds.size())).append(" |\n");
        scores.forEach((v, list) -> {
            b.append("| ").append(v.label()).append(' ');
            kinds.forEach(k -> b.append(String.format(Locale.ROOT, "| %.3f ", mean(v, k, VideoScore::motion))));
            b.append("|\n");
        });
        b.append(String.format(Locale.ROOT, "%nText-to-image accuracy on %d still prompts: %.2f%n", stills,
                stillAccuracy));
        return b.toString();
    }
}
