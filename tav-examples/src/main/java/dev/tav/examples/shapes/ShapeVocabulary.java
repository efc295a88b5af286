package dev.tav.examples.shapes;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tav.text.ByteLevelAlphabet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A small byte-level BPE vocabulary for CLIP in which every given word is one token ({@code word</w>}), written as
 * a Hugging Face tokenizer folder that {@link dev.tav.text.ClipTokenizer} and the diffusers {@code tokenizer/}
 * layout read.
 *
 * <p>Layout, as CLIP's: ids 0–255 are the 256 byte symbols of the byte-level alphabet, 256–511 the same with the
 * word-end mark {@code </w>}, then one token per merge rule in rule order, then {@code <|startoftext|>} and
 * {@code <|endoftext|>} as the last two ids. The merge rules build each word from its end: for every suffix
 * {@code s} of a word and the letter {@code c} before it, the rule {@code c s</w>} makes {@code cs</w>}. As only the
 * last symbol of a pre-token ever ends in {@code </w>}, exactly one rule applies at each step whatever the rule
 * order, so every word becomes one token. Other text still tokenises (into byte symbols and suffix tokens).
 *
 * <pre>{@code
 * ShapeVocabulary vocabulary = ShapeVocabulary.forWorld();
 * vocabulary.write(modelDir.resolve("tokenizer"), 16);   // vocab.json, merges.txt, tokenizer_config.json, ...
 * int vocabSize = vocabulary.size();                      // the text encoder's vocab_size
 * }</pre>
 */
public final class ShapeVocabulary {
    /** The start token, second to last id. */
    public static final String START_OF_TEXT = "<|startoftext|>";
    /** The end token, last id; also the padding and unknown token. */
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final String WORD_END = "</w>";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private final List<String> words;
    private final Map<String, Integer> ids;
    private final List<String[]> merges;

    private ShapeVocabulary(List<String> words, Map<String, Integer> ids, List<String[]> merges) {
        this.words = words;
        this.ids = ids;
        this.merges = merges;
    }

    /** @return the vocabulary of every word the Shapes world's captions use ({@link ShapeWorld#words()}) */
    public static ShapeVocabulary forWorld() {
        return of(ShapeWorld.words());
    }

    /**
     * @param words the words that must be one token each: non-empty, lower-case ASCII letters only; not empty
     * @return the vocabulary
     * @throws IllegalArgumentException if a word has another character
     */
    public static ShapeVocabulary of(Collection<String> words) {
        SortedSet<String> sorted = new TreeSet<>();
        for (String word : words) {
            if (word.isEmpty() || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                throw new IllegalArgumentException("words must be lower-case ASCII letters, got '" + word + "'");
            }
            sorted.add(word);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("words must not be empty");
        }
        SortedSet<String> suffixTokens = new TreeSet<>(Comparator.comparingInt(String::length)
                .thenComparing(Comparator.naturalOrder()));
        for (String word : sorted) {
            for (int start = word.length() - 2; start >= 0; start--) {
                suffixTokens.add(word.substring(start) + WORD_END);
            }
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<String> alphabet = ByteLevelAlphabet.vocabularyOrder();
        for (String symbol : alphabet) {
            ids.put(symbol, ids.size());
        }
        for (String symbol : alphabet) {
            ids.put(symbol + WORD_END, ids.size());
        }
        List<String[]> merges = new ArrayList<>(suffixTokens.size());
        for (String token : suffixTokens) {
            merges.add(new String[] {token.substring(0, 1), token.substring(1)});
            ids.put(token, ids.size());
        }
        ids.put(START_OF_TEXT, ids.size());
        ids.put(END_OF_TEXT, ids.size());
        return new ShapeVocabulary(List.copyOf(sorted), ids, List.copyOf(merges));
    }

    /** @return the words that are one token each, sorted */
    public List<String> words() {
        return words;
    }

    /** @return the number of ids (the text encoder's {@code vocab_size}): 512 byte symbols, merges and 2 special */
    public int size() {
        return ids.size();
    }

    /** @return the number of merge rules */
    public int mergeCount() {
        return merges.size();
    }

    /**
     * @param word one of {@link #words()}
     * @return the id of its token {@code word</w>}
     * @throws IllegalArgumentException if it is not one of the words
     */
    public int tokenId(String word) {
        if (!words.contains(word)) {
            throw new IllegalArgumentException("'" + word + "' is not a word of this vocabulary");
        }
        return ids.get(word + WORD_END);
    }

    /** @return the id of {@link #START_OF_TEXT}, {@code size() - 2} */
    public int startId() {
        return ids.get(START_OF_TEXT);
    }

    /** @return the id of {@link #END_OF_TEXT}, {@code size() - 1} */
    public int endId() {
        return ids.get(END_OF_TEXT);
    }

    /**
     * Writes the tokenizer files into a folder (created if needed; existing files of these names are replaced):
     * {@code vocab.json}, {@code merges.txt}, {@code tokenizer_config.json} (a {@code CLIPTokenizer} with
     * {@code model_max_length}) and {@code special_tokens_map.json} (start, end; end also pads and stands for
     * unknown symbols, as in Stable Diffusion v1).
     *
     * @param folder the tokenizer folder, such as {@code model/tokenizer}; not null
     * @param modelMaxLength the token sequence length, start and end included, at least 2 (77 for CLIP; the text
     *     encoder's {@code max_position_embeddings} must be at least this)
     * @throws IOException if a file cannot be written
     */
    public void write(Path folder, int modelMaxLength) throws IOException {
        if (modelMaxLength < 2) {
            throw new IllegalArgumentException("modelMaxLength must be at least 2, got " + modelMaxLength);
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("vocab.json"), GSON.toJson(ids), StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder("#version: 0.2\n");
        for (String[] rule : merges) {
            text.append(rule[0]).append(' ').append(rule[1]).append('\n');
        }
        Files.writeString(folder.resolve("merges.txt"), text, StandardCharsets.UTF_8);
        JsonObject special = new JsonObject();
        special.addProperty("bos_token", START_OF_TEXT);
        special.addProperty("eos_token", END_OF_TEXT);
        special.addProperty("pad_token", END_OF_TEXT);
        special.addProperty("unk_token", END_OF_TEXT);
        Files.writeString(folder.resolve("special_tokens_map.json"), GSON.toJson(special), StandardCharsets.UTF_8);
        JsonObject config = special.deepCopy();
        config.addProperty("add_prefix_space", false);
        config.addProperty("do_lower_case", true);
        config.addProperty("errors", "replace");
        config.addProperty("model_max_length", modelMaxLength);
        config.addProperty("tokenizer_class", "CLIPTokenizer");
        Files.writeString(folder.resolve("tokenizer_config.json"), GSON.toJson(config), StandardCharsets.UTF_8);
    }
}
