package dev.tav.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the commands find the project's embedded shapes-world model when no {@code --model} is given. */
final class EmbeddedModel {
    /** The model folder, relative to the project root ({@code tav.home}, set by the {@code ./tav} launcher). */
    static final String FOLDER = "models/shapes-world";

    private EmbeddedModel() {}

    /**
     * @param given the {@code --model} option; null when absent
     * @return {@code given}, or the embedded model under {@code tav.home} (the working directory if unset)
     * @throws IllegalArgumentException naming the path if the model folder does not exist
     */
    static Path resolve(Path given) {
        Path path = given != null ? given : Path.of(System.getProperty("tav.home", ".")).resolve(FOLDER).normalize();
        if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model not found at " + path + " (give one with --model PATH)");
        }
        return path;
    }
}
