package dev.tav.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.examples.shapes.ShapeVideo;
import dev.tav.examples.shapes.Trajectory;
import dev.tav.pipeline.FrameSampling;
import dev.tav.tuning.TunedModel;
import dev.tav.video.FrameSampler;
import dev.tav.video.Video;
import dev.tav.video.VideoMetadata;
import dev.tav.video.VideoWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneEditDemoCommandsTest {
    @TempDir
    Path dir;

    private static Path tinySd() {
        return Path.of(System.getProperty("tav.fixtures", "../../shared/fixtures")).resolve("models/tiny-sd");
    }

    private static int run(String... args) {
        return TavCommand.commandLine().execute(args);
    }

    @Test
    void demo_runs_the_whole_job_on_the_embedded_model_and_writes_gifs() throws Exception {
        Path out = dir.resolve("demo");
        String home = System.getProperty("tav.home");
        System.setProperty("tav.home", Path.of("..").toAbsolutePath().normalize().toString());
        try {
            assertThat(run("demo", "--output", out.toString(), "--tune-steps", "2", "--steps", "2")).isZero();
        } finally {
            if (home == null) {
                System.clearProperty("tav.home");
            } else {
                System.setProperty("tav.home", home);
            }
        }
        for (String name : new String[] {"source.gif", "edited.gif", "grid.gif"}) {
            Video v = FrameSampler.read(out.resolve(name), new FrameSampling(8, 0, 1, 64, 64));
            assertThat(v.frameCount()).as(name).isEqualTo(8);
        }
        assertThat(TunedModel.read(out.resolve("tuned/tuned_unet.safetensors")).metadata())
                .containsEntry("tav.prompt", DemoCommand.SOURCE_PROMPT);
    }

    @Test
    void tune_reads_an_official_config_and_edit_reuses_the_tuned_weights() throws Exception {
        Path video = dir.resolve("clip.gif");
        VideoWriter.write(new ShapeVideo(DemoCommand.SOURCE, Trajectory.RIGHT, 8, 64).toVideo(), video,
                VideoMetadata.empty());
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                pretrained_model_path: "%s"
                output_dir: "./out"
                train_data:
                  video_path: "clip.gif"
                  prompt: "a red square moving right"
                  n_sample_frames: 4
                  width: 64
                  height: 64
                  sample_frame_rate: 2
                validation_data:
                  prompts: ["a blue square moving right"]
                  num_inference_steps: 2
                  num_inv_steps: 2
                max_train_steps: 2
                checkpointing_steps: 1
                """.formatted(tinySd().toAbsolutePath()));
        assertThat(run("tune", "--config", config.toString())).isZero();
        Path tuned = dir.resolve("out/tuned_unet.safetensors");
        assertThat(tuned).exists();
        assertThat(dir.resolve("out/samples/a-blue-square-moving-right.gif")).exists();

        Path edited = dir.resolve("edited.gif");
        assertThat(run("edit", "--model", tinySd().toString(), "--tuned", tuned.toString(), "--video",
                video.toString(), "--prompt", "a green square", "--output", edited.toString(), "--frames", "4",
                "--width", "64", "--height", "64", "--steps", "2", "--inversion-steps", "2")).isZero();
        assertThat(FrameSampler.read(edited, new FrameSampling(4, 0, 1, 64, 64)).frameCount()).isEqualTo(4);

        Path generated = dir.resolve("generated.gif");
        assertThat(run("generate", "--model", tinySd().toString(), "--tuned", tuned.toString(), "--prompt",
                "a yellow square", "--output", generated.toString(), "--frames", "3", "--width", "64", "--height",
                "128", "--steps", "2", "--eta", "0.5")).isZero();
        Video g = FrameSampler.read(generated, new FrameSampling(3, 0, 1, 64, 128));
        assertThat(g.frameCount()).isEqualTo(3);
    }

    @Test
    void a_size_the_model_cannot_halve_is_refused_before_any_work() throws Exception {
        assertThat(run("demo", "--model", tinySd().toString(), "--output", dir.resolve("d").toString(),
                "--tune-steps", "1", "--steps", "1", "--size", "48")).isNotZero();
        assertThat(dir.resolve("d/tuned/checkpoint.safetensors")).doesNotExist();
    }

    @Test
    void a_missing_model_is_a_clear_error() {
        assertThat(run("demo", "--model", dir.resolve("nope").toString(), "--output", dir.toString())).isEqualTo(1);
    }
}
