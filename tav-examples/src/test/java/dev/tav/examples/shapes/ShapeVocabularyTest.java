package dev.tav.examples.shapes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tav.text.ClipTokenizer;
import dev.tav.text.TokenIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapeVocabularyTest {
    @TempDir
    Path dir;

    @Test
    void tavs_clip_tokenizer_reads_every_world_caption_as_one_token_per_word() throws Exception {
        ShapeVocabulary vocabulary = ShapeVocabulary.forWorld();
        Path folder = dir.resolve("tokenizer");
        vocabulary.write(folder, 16);
        ClipTokenizer tokenizer = ClipTokenizer.load(folder);
        assertThat(tokenizer.vocabularySize()).isEqualTo(vocabulary.size());
        assertThat(tokenizer.maxLength()).isEqualTo(16);
        assertThat(tokenizer.bosId()).isEqualTo(vocabulary.size() - 2).isEqualTo(vocabulary.startId());
        assertThat(tokenizer.eosId()).isEqualTo(vocabulary.size() - 1).isEqualTo(vocabulary.endId());
        assertThat(tokenizer.padId()).isEqualTo(vocabulary.endId());
        List<String> prompts = new ArrayList<>(ShapeWorld.captions());
        QualitySet.cases().forEach(c -> c.edits().forEach(e -> prompts.add(e.prompt())));
        int longest = 0;
        for (String prompt : prompts) {
            String[] words = prompt.split(" ");
            TokenIds ids = tokenizer.encodeUnpadded(prompt);
            assertThat(ids.size()).as(prompt).isEqualTo(words.length + 2);
            assertThat(ids.get(0)).isEqualTo(vocabulary.startId());
            for (int i = 0; i < words.length; i++) {
                assertThat(ids.get(i + 1)).as(prompt + " word " + i).isEqualTo(vocabulary.tokenId(words[i]));
            }
            assertThat(ids.get(words.length + 1)).isEqualTo(vocabulary.endId());
            longest = Math.max(longest, ids.size());
        }
        assertThat(longest).isLessThanOrEqualTo(16);
        assertThat(tokenizer.encode(prompts.get(0)).truncated()).isFalse();
        System.out.printf("Shapes world vocabulary: %d words, %d merges, %d ids; longest caption %d tokens%n",
                vocabulary.words().size(), vocabulary.mergeCount(), vocabulary.size(), longest);
    }

    @Test
    void the_words_get_distinct_ids_and_the_layout_is_clips() throws Exception {
        ShapeVocabulary vocabulary = ShapeVocabulary.forWorld();
        assertThat(vocabulary.words()).contains("a", "circle", "diamond", "pink", "background", "bouncing", "arc");
        assertThat(vocabulary.words().stream().map(vocabulary::tokenId).distinct().count())
                .isEqualTo(vocabulary.words().size());
        assertThat(vocabulary.size()).isEqualTo(512 + vocabulary.mergeCount() + 2);
        vocabulary.write(dir, 77);
        assertThat(Files.readString(dir.resolve("vocab.json"))).startsWith("{\n  \"!\": 0,");
        assertThat(Files.readAllLines(dir.resolve("merges.txt"))).first().isEqualTo("#version: 0.2");
        assertThat(Files.readString(dir.resolve("tokenizer_config.json"))).contains("\"model_max_length\": 77")
                .contains("CLIPTokenizer");
        assertThat(Files.readString(dir.resolve("special_tokens_map.json"))).contains("<|startoftext|>");
    }

    @Test
    void any_text_still_tokenises_into_known_symbols() throws Exception {
        ShapeVocabulary.forWorld().write(dir, 77);
        ClipTokenizer tokenizer = ClipTokenizer.load(dir);
        String text = "A Zebra jumps! 42 times, très vite; 日本 🙂 #tav ~ß";
        TokenIds ids = tokenizer.encodeUnpadded(text);
        for (int i = 1; i < ids.size() - 1; i++) {
            assertThat(ids.get(i)).as("token " + i).isNotEqualTo(tokenizer.eosId());
        }
        assertThat(ids.size()).isGreaterThan(text.split(" ").length + 2);
    }

    @Test
    void words_other_than_lower_case_letters_are_refused() {
        assertThatThrownBy(() -> ShapeVocabulary.of(List.of("red", "Blue")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Blue");
        assertThatThrownBy(() -> ShapeVocabulary.of(List.of("two words")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShapeVocabulary.forWorld().tokenId("zebra"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zebra");
        assertThatThrownBy(() -> ShapeVocabulary.forWorld().write(Path.of("x"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelMaxLength");
    }
}
