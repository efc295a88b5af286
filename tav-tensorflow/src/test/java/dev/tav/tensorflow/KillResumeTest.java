package dev.tav.tensorflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tav.model.SafetensorsWeights;
import dev.tav.pipeline.TuneAVideoPipeline;
import dev.tav.progress.ProgressListener;
import dev.tav.tensor.FloatTensor;
import dev.tav.tuning.TuningCheckpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills a real tuning process with SIGKILL ({@link Process#destroyForcibly()}) and resumes it: issue #5's "a run
 * killed at any moment resumes from its last checkpoint and ends with the same weights as an uninterrupted run".
 * The uninterrupted run and the final resumption run in this JVM; the killed runs are child JVMs.
 */
class KillResumeTest {
    private static final Logger LOG = LoggerFactory.getLogger(KillResumeTest.class);
    private static final String CHECKPOINT = TuneAVideoPipeline.CHECKPOINT_FILE;
    private static final String TUNED = TuneAVideoPipeline.TUNED_FILE;
    private static final Pattern CHECKPOINT_TEMP = Pattern.compile("\\." + Pattern.quote(CHECKPOINT) + "\\.\\d+\\.tmp");
    /** Exit status of a process ended by signal 9. */
    private static final int KILLED = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void a_tuning_process_killed_mid_step_and_mid_checkpoint_resumes_to_the_uninterrupted_weights() throws Exception {
        Path straight = dir.resolve("straight");
        KillableTuning.tune(straight, ProgressListener.none());

        Path killed = dir.resolve("killed");
        // 1. Killed during step 4, once checkpoint 2 is written.
        try (Child c = Child.start(killed, dir.resolve("child-1.log"))) {
            c.awaitLine("checkpointed 2");
            c.kill();
        }
        int first = checkpointStep(killed);
        assertThat(first).as("checkpoint step after the first kill").isIn(2, 4);

        // 2. Killed while checkpoint 6 is written: "step 6" comes just before the write, then the temporary file
        // appears, is filled, forced to disk and renamed over the checkpoint. Kill as soon as the temporary is seen.
        boolean midWrite;
        Object before;
        try (Child c = Child.start(killed, dir.resolve("child-2.log"))) {
            c.awaitLine("step 6");
            before = fileKey(killed.resolve(CHECKPOINT));
            midWrite = waitForTemporaryOrReplacement(killed, before);
            c.kill();
        }
        List<Path> temporaries = checkpointTemporaries(killed);
        int second = checkpointStep(killed);
        LOG.info("kill during checkpoint 6: temporary seen {}, left {}, checkpoint at step {}", midWrite,
                temporaries, second);
        assertThat(second).as("checkpoint step after the second kill").isIn(4, 6, 8);
        if (!temporaries.isEmpty()) {
            // Killed mid-write: the rename never happened, so the checkpoint seen before the write is intact.
            assertThat(fileKey(killed.resolve(CHECKPOINT))).as("the checkpoint file beside a half-written temporary")
                    .isEqualTo(before);
        }

        // 3. A half-written temporary of each file, as a kill in the middle of writing them leaves.
        plantTruncatedCopy(killed.resolve(CHECKPOINT), killed.resolve("." + CHECKPOINT + ".4242.tmp"));
        Files.write(killed.resolve("." + TUNED + ".77.tmp"), new byte[] {1, 2, 3});

        // 4. Resumed to the end, in this JVM.
        List<Long> resumedSteps = new ArrayList<>();
        KillableTuning.tune(killed, e -> resumedSteps.add(e.step()));
        assertThat(resumedSteps).as("the resumed run starts after its checkpoint").first()
                .isEqualTo((long) second + 1);

        try (Stream<Path> left = Files.list(killed)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("only the checkpoint and the tuned file remain").containsExactlyInAnyOrder(CHECKPOINT, TUNED);
        }
        assertSameTensors(straight.resolve(TUNED), killed.resolve(TUNED));
        TuningCheckpoint a = TuningCheckpoint.read(straight.resolve(CHECKPOINT)).orElseThrow();
        TuningCheckpoint b = TuningCheckpoint.read(killed.resolve(CHECKPOINT)).orElseThrow();
        assertThat(b.step()).isEqualTo(KillableTuning.STEPS);
        assertThat(b.jobKey()).isEqualTo(a.jobKey());
        assertBitIdentical("AdamW first moments", a.firstMoments(), b.firstMoments());
        assertBitIdentical("AdamW second moments", a.secondMoments(), b.secondMoments());
    }

    private static int checkpointStep(Path folder) throws IOException {
        return TuningCheckpoint.read(folder.resolve(CHECKPOINT)).orElseThrow(
                () -> new AssertionError("no checkpoint in " + folder)).step();
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /**
     * Polls until a temporary checkpoint file exists or the checkpoint was replaced (the write finished before a
     * temporary was seen).
     *
     * @return true if a temporary was seen
     */
    private static boolean waitForTemporaryOrReplacement(Path folder, Object checkpointKey) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!checkpointTemporaries(folder).isEmpty()) {
                return true;
            }
            if (!Objects.equals(fileKey(folder.resolve(CHECKPOINT)), checkpointKey)) {
                return false;
            }
        }
        return fail("checkpoint 6 was neither started nor written within 60 s");
    }

    private static List<Path> checkpointTemporaries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> CHECKPOINT_TEMP.matcher(p.getFileName().toString()).matches()).toList();
        }
    }

    private static void plantTruncatedCopy(Path from, Path to) throws IOException {
        byte[] all = Files.readAllBytes(from);
        Files.write(to, Arrays.copyOf(all, all.length / 2));
    }

    private static void assertSameTensors(Path expected, Path actual) throws IOException {
        try (SafetensorsWeights e = SafetensorsWeights.open(expected);
                SafetensorsWeights a = SafetensorsWeights.open(actual)) {
            assertThat(a.names()).isEqualTo(e.names()).isNotEmpty();
            for (String name : e.names()) {
                assertBitIdentical(name, e.read(name), a.read(name));
            }
        }
    }

    private static void assertBitIdentical(String what, Map<String, FloatTensor> expected,
            Map<String, FloatTensor> actual) {
        assertThat(actual.keySet()).as(what).isEqualTo(expected.keySet());
        expected.forEach((name, t) -> assertBitIdentical(what + " " + name, t, actual.get(name)));
    }

    private static void assertBitIdentical(String what, FloatTensor expected, FloatTensor actual) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                fail(what + " differs at element " + i + ": " + a[i] + " instead of " + e[i]);
            }
        }
    }

    /** A {@link KillableTuning} JVM with the test's class path; its standard output is collected line by line. */
    private static final class Child implements AutoCloseable {
        private static final String END = "\0end";
        private final Process process;
        private final Path log;
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        queue.add(line);
                    }
                } catch (IOException e) {
                    queue.add("read error: " + e);
                } finally {
                    queue.add(END);
                }
            }, "kill-resume-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path outputDir, Path log) throws IOException {
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<String> command = List.of(java, "-Xmx2g", "-Xss8m",
                    "-Dtav.fixtures=" + Fixtures.root().toAbsolutePath(),
                    "-cp", System.getProperty("java.class.path"), KillableTuning.class.getName(),
                    outputDir.toString());
            Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new Child(p, log);
        }

        /** Waits for a line on the child's output; fails if the child ends first or takes over 60 s. */
        void awaitLine(String wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                String line = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("no '" + wanted + "' from the child within 60 s; it printed " + seen + diagnostics());
                }
                if (line.equals(END)) {
                    fail("the child ended before '" + wanted + "'; it printed " + seen + diagnostics());
                }
                seen.add(line);
                if (line.equals(wanted)) {
                    return;
                }
            }
        }

        /** Sends SIGKILL and checks that the child died of it (rather than having finished). */
        void kill() throws Exception {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the child ends after SIGKILL").isTrue();
            assertThat(process.exitValue()).as("exit status of the killed child" + diagnostics()).isEqualTo(KILLED);
        }

        private String diagnostics() {
            try {
                List<String> err = Files.readAllLines(log);
                return "; its standard error ends with: "
                        + String.join("\n", err.subList(Math.max(0, err.size() - 30), err.size()));
            } catch (IOException e) {
                return "; its standard error cannot be read: " + e;
            }
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
