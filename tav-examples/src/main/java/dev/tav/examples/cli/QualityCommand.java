package dev.tav.examples.cli;

import dev.tav.examples.quality.QualityBenchmark;
import dev.tav.examples.quality.QualityReport;
import dev.tav.examples.quality.QualitySettings;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.progress.CancellationToken;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tav bench quality}: result quality on the shapes world (see {@code docs/quality.md}). */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"Scores Tune-A-Video and its ablations on the shapes world's quality set (12 source videos x 3"
                + " edit prompts) against the known truth: motion distance, edit accuracy, frame consistency; and the"
                + " text-to-image model's accuracy on still prompts.",
            "Prints RESULT bench=quality variant= videos= motion= edit_accuracy= consistency= per variant, a"
                + " RESULT line for the still prompts, then a Markdown table. Result grids go to --work."})
final class QualityCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PATH", description = "the model (default: the embedded shapes world)")
    Path model;

    @Option(names = "--work", defaultValue = "quality-output", paramLabel = "DIR",
            description = "tuned weights and result grids (default ${DEFAULT-VALUE})")
    Path work;

    @Option(names = "--cases", defaultValue = "12", description = "source videos, 1 to 12 (default ${DEFAULT-VALUE})")
    int cases;

    @Option(names = "--tune-steps", defaultValue = "100", description = "tuning steps (default ${DEFAULT-VALUE})")
    int tuneSteps;

    @Option(names = "--tune-lr", defaultValue = "1e-4", description = "tuning learning rate (default ${DEFAULT-VALUE})")
    double tuneLearningRate;

    @Option(names = "--steps", defaultValue = "25", description = "sampling steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--inversion-steps", defaultValue = "25", description = "inversion steps (default ${DEFAULT-VALUE})")
    int inversionSteps;

    @Option(names = "--guidance", defaultValue = "7.5", description = "guidance scale (default ${DEFAULT-VALUE})")
    double guidance;

    @Option(names = "--seed", defaultValue = "33", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        QualitySettings settings = new QualitySettings(cases, tuneSteps, tuneLearningRate, steps, inversionSteps,
                guidance, seed);
        long start = System.nanoTime();
        QualityReport report;
        try (TuneAVideoPipeline tav = TuneAVideoPipeline.open(EmbeddedModel.resolve(model))) {
            report = new QualityBenchmark(tav, work, settings).run(ConsoleProgress.bar(), CancellationToken.none());
        }
        report.resultLines().forEach(System.out::println);
        System.out.println();
        System.out.print(report.markdown());
        System.out.printf("%s; %.0f s%n", settings, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
