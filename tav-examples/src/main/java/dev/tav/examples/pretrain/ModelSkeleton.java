package dev.tav.examples.pretrain;

import ai.djl.ndarray.types.DataType;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tav.examples.shapes.ShapeVocabulary;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.safetensors.SafetensorsWriter;
import dev.tav.tensor.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The diffusers folder of the shapes-world model: its configurations (resources next to this class), the world's
 * tokenizer, and the weight files of each network.
 */
final class ModelSkeleton {
    /** Text positions: the longest caption of the world is 14 tokens with start and end. */
    static final int TEXT_LENGTH = 16;
    /** Pixels per side of the pictures the model is trained on. */
    static final int SIDE = 64;

    static final String UNET_WEIGHTS = "unet/diffusion_pytorch_model.safetensors";
    static final String VAE_WEIGHTS = "vae/diffusion_pytorch_model.safetensors";
    static final String TEXT_WEIGHTS = "text_encoder/model.safetensors";
    private static final List<String> WEIGHT_FILES = List.of(TEXT_WEIGHTS, VAE_WEIGHTS, UNET_WEIGHTS);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private ModelSkeleton() {}

    /**
     * Writes the configurations and tokenizer into {@code folder} (weights come from the stages).
     *
     * @param folder the model folder, created if absent
     * @param vocabulary the world's vocabulary (sizes the text encoder's token table)
     */
    static void write(Path folder, ShapeVocabulary vocabulary) throws IOException {
        for (String sub : List.of("unet", "vae", "text_encoder", "scheduler")) {
            Files.createDirectories(folder.resolve(sub));
        }
        copy("model_index.json", folder.resolve("model_index.json"));
        copy("unet.json", folder.resolve("unet/config.json"));
        copy("vae.json", folder.resolve("vae/config.json"));
        copy("scheduler_config.json", folder.resolve("scheduler/scheduler_config.json"));
        JsonObject text = JsonParser.parseString(resource("text_encoder.json")).getAsJsonObject();
        text.addProperty("vocab_size", vocabulary.size());
        text.addProperty("bos_token_id", vocabulary.startId());
        text.addProperty("eos_token_id", vocabulary.endId());
        text.addProperty("pad_token_id", vocabulary.endId());
        write(folder.resolve("text_encoder/config.json"), GSON.toJson(text));
        vocabulary.write(folder.resolve("tokenizer"), TEXT_LENGTH);
    }

    /**
     * Sets the autoencoder's {@code scaling_factor}.
     *
     * @param folder the model folder
     * @param factor the factor latents are multiplied by after encoding
     */
    static void setScalingFactor(Path folder, double factor) throws IOException {
        Path file = folder.resolve("vae/config.json");
        JsonObject config = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        config.addProperty("scaling_factor", factor);
        write(file, GSON.toJson(config));
    }

    /**
     * Writes weights atomically, in PyTorch names and layout.
     *
     * @param file the target
     * @param weights the tensors
     * @param type {@link DataType#FLOAT32} or {@link DataType#FLOAT16}
     */
    static void writeWeights(Path file, Map<String, FloatTensor> weights, DataType type) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        new TreeMap<>(weights).forEach((name, t) -> writer.add(name, t, type));
        writer.write(file);
    }

    /**
     * Copies the model to {@code target} with every weight file in half precision (the committed form).
     *
     * @param folder the trained model (float32)
     * @param target the exported folder; replaced file by file
     */
    static void exportHalf(Path folder, Path target) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path rel = folder.relativize(p);
                Path out = target.resolve(rel.toString());
                Files.createDirectories(out.getParent());
                if (WEIGHT_FILES.contains(rel.toString().replace('\\', '/'))) {
                    try (SafetensorsWeights w = SafetensorsWeights.open(p)) {
                        Map<String, FloatTensor> all = new TreeMap<>();
                        for (String name : w.names()) {
                            all.put(name, w.read(name));
                        }
                        writeWeights(out, all, DataType.FLOAT16);
                    }
                } else {
                    Files.copy(p, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        write(target, resource(resource));
    }

    private static void write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String resource(String name) {
        try (InputStream in = ModelSkeleton.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + ModelSkeleton.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
