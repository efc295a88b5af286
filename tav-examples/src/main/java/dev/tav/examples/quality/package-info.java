/**
 * The quality benchmark ({@code tav bench quality}): Tune-A-Video and its ablations ({@link
 * dev.tav.examples.quality.Variant}) run on the shapes world's quality set and scored against the known truth
 * ({@link dev.tav.examples.quality.VideoScore}); {@link dev.tav.examples.quality.QualityBenchmark} runs it and
 * {@link dev.tav.examples.quality.QualityReport} holds the table. See {@code docs/quality.md}.
 */
package dev.tav.examples.quality;
