package dev.tav.examples.pretrain;

import ai.djl.modality.cv.Image;
import dev.tav.examples.shapes.Appearance;
import dev.tav.examples.shapes.Background;
import dev.tav.examples.shapes.Colour;
import dev.tav.examples.shapes.FrameAnalyser;
import dev.tav.examples.shapes.ObjectAnalysis;
import dev.tav.examples.shapes.Point;
import dev.tav.examples.shapes.Scene;
import dev.tav.examples.shapes.ShapeWorld;
import dev.tav.examples.shapes.Size;
import dev.tav.pipeline.VideoLatents;
import dev.tav.spi.VaeModel;
import dev.tav.tensor.FloatTensor;
import dev.tav.video.FrameLayout;
import dev.tav.video.FrameTensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How much of the world survives the autoencoder: every object colour on every background, in both sizes, encoded
 * (posterior mean) and decoded, then classified by {@link FrameAnalyser}. Nothing a U-Net generates in latent space
 * can come out better than this round trip, so it bounds the text-to-image model's colour and shape accuracy.
 */
final class AutoencoderCheck {
    private AutoencoderCheck() {}

    /**
     * The outcome of a round trip.
     *
     * @param pictures pictures round-tripped
     * @param colours pictures whose decoded object has the drawn colour
     * @param shapes pictures whose decoded object has the drawn shape
     */
    record RoundTrip(int pictures, int colours, int shapes) {
        @Override
        public String toString() {
            return "object colour kept in " + colours + " / " + pictures + " pictures, shape in " + shapes + " / "
                    + pictures;
        }
    }

    /**
     * The 48 test pictures: each colour on each background in both sizes, the shape cycling with colour and
     * background, off-centre at ({@code 30, 34}) of a {@code 64 × 64} frame.
     *
     * @return the pictures, in a fixed order
     */
    static List<Scene> pictures() {
        List<Scene> scenes = new ArrayList<>();
        dev.tav.examples.shapes.Shape[] shapes = dev.tav.examples.shapes.Shape.values();
        for (Background b : Background.values()) {
            for (Colour c : Colour.values()) {
                for (Size size : Size.values()) {
                    Appearance look = Appearance.of(shapes[(c.ordinal() + b.ordinal()) % shapes.length], c, size, b);
                    scenes.add(new Scene(look, new Point(30, 34), ShapeWorld.DEFAULT_SIDE));
                }
            }
        }
        return scenes;
    }

    /**
     * Round-trips {@link #pictures()} through {@code vae}, all in one batch (as the frames of one video, the way the
     * pipeline encodes and decodes).
     *
     * @param vae a {@code 3}-channel autoencoder whose down-sampling divides 64
     * @return the counts
     */
    static RoundTrip measure(VaeModel vae) {
        List<Scene> scenes = pictures();
        FloatTensor pixels = FrameTensors.toTensor(scenes.stream().map(Scene::image).toList(),
                FrameLayout.CHANNELS_FIRST);
        FloatTensor decoded = VideoLatents.decode(vae, VideoLatents.encode(vae, pixels, Optional.empty()));
        List<Image> frames = FrameTensors.toVideos(decoded, 1).get(0).frames();
        int colours = 0;
        int shapes = 0;
        for (int i = 0; i < scenes.size(); i++) {
            Optional<ObjectAnalysis> object = FrameAnalyser.analyse(frames.get(i)).object();
            Appearance truth = scenes.get(i).appearance();
            colours += object.filter(o -> o.colour() == truth.object().colour()).isPresent() ? 1 : 0;
            shapes += object.filter(o -> o.shape() == truth.object().shape()).isPresent() ? 1 : 0;
        }
        return new RoundTrip(scenes.size(), colours, shapes);
    }
}
