package dev.tav.examples.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import dev.tav.examples.pretrain.AutoencoderCheck.RoundTrip;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.VaeConfig;
import dev.tav.spi.Backend;
import dev.tav.spi.Backends;
import dev.tav.spi.VaeModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoencoderCheckTest {
    /** The committed model, relative to the module folder Surefire runs in. */
    private static final Path EMBEDDED = Path.of("../models/shapes-world");

    @Test
    void the_pictures_cover_every_colour_on_every_background_in_both_sizes() {
        assertThat(AutoencoderCheck.pictures()).hasSize(48).doesNotHaveDuplicates();
    }

    @Test
    void the_embedded_autoencoder_keeps_the_object_colour_and_shape() throws Exception {
        VaeConfig config = VaeConfig.read(EMBEDDED.resolve("vae/config.json"));
        try (Backend backend = Backends.create();
                SafetensorsWeights w = SafetensorsWeights.open(EMBEDDED.resolve(ModelSkeleton.VAE_WEIGHTS));
                VaeModel vae = backend.loadVae(config, w)) {
            RoundTrip trip = AutoencoderCheck.measure(vae);
            assertThat(trip.colours()).as(trip.toString()).isGreaterThanOrEqualTo(46);
            assertThat(trip.shapes()).as(trip.toString()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void an_untrained_autoencoder_keeps_almost_no_colour(@TempDir Path dir) throws Exception {
        VaeConfig config = VaeConfig.read(EMBEDDED.resolve("vae/config.json"));
        Path initial = dir.resolve("initial.safetensors");
        try (Backend backend = Backends.create()) {
            ModelSkeleton.writeWeights(initial, backend.initialWeights(config, 7), DataType.FLOAT32);
            try (SafetensorsWeights w = SafetensorsWeights.open(initial); VaeModel vae = backend.loadVae(config, w)) {
                RoundTrip trip = AutoencoderCheck.measure(vae);
                assertThat(trip.colours()).as(trip.toString()).isLessThan(12);
            }
        }
    }
}
