package dev.tav.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLevelAlphabetTest {
    @Test
    void the_vocabulary_order_is_the_first_256_ids_of_the_clip_vocabulary() throws Exception {
        JsonObject vocab = JsonParser.parseString(Files.readString(ClipTokenizerTest.TOKENIZER.resolve("vocab.json")))
                .getAsJsonObject();
        List<String> order = ByteLevelAlphabet.vocabularyOrder();
        assertThat(order).hasSize(256).doesNotHaveDuplicates();
        for (int id = 0; id < 256; id++) {
            assertThat(vocab.get(order.get(id)).getAsInt()).as("symbol %s", order.get(id)).isEqualTo(id);
        }
    }

    @Test
    void every_byte_has_one_character_of_the_alphabet() {
        List<String> order = ByteLevelAlphabet.vocabularyOrder();
        for (int b = 0; b < 256; b++) {
            assertThat(order).contains(ByteLevelAlphabet.character(b));
        }
        assertThat(ByteLevelAlphabet.character(' ')).isEqualTo("Ġ");
    }
}
