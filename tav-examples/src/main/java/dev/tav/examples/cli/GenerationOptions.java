package dev.tav.examples.cli;

import dev.tav.pipeline.EditSettings;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.tuning.TunedModel;
import dev.tav.video.Video;
import dev.tav.video.VideoMetadata;
import dev.tav.video.VideoWriter;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options {@code tav edit} and {@code tav generate} share: models, prompt, output, size and sampling. */
final class GenerationOptions {
    @Option(names = "--model", required = true, paramLabel = "PATH", description = "the base Stable Diffusion model")
    Path model;

    @Option(names = "--tuned", required = true, paramLabel = "FILE", description = "tuned_unet.safetensors from tav tune")
    Path tuned;

    @Option(names = "--prompt", required = true, description = "the prompt")
    String prompt;

    @Option(names = "--output", required = true, paramLabel = "FILE",
            description = "result: .gif, .mp4, or a folder for PNG frames")
    Path output;

    @Option(names = "--frames", defaultValue = "24", description = "frames (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--width", defaultValue = "512", description = "width in pixels (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "512", description = "height in pixels (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--steps", defaultValue = "50", description = "sampling steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--guidance", defaultValue = "12.5", description = "guidance scale (default ${DEFAULT-VALUE})")
    double guidance;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM eta (default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--seed", defaultValue = "33", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    /** The tuned weights, read from {@link #tuned}. */
    TunedModel readTuned() throws IOException {
        return TunedModel.read(tuned);
    }

    /** Opens the base model. */
    TuneAVideoPipeline openPipeline() throws IOException {
        return TuneAVideoPipeline.open(model);
    }

    /** Writes {@code video} to {@link #output} with the prompt, seed and settings as metadata, and says so. */
    void write(Video video, EditSettings settings) throws IOException {
        VideoWriter.write(video, output, VideoMetadata.of(prompt, seed, settings.toString()));
        System.out.println("wrote " + output);
    }
}
