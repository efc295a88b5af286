package dev.tav.tensorflow.unet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tav.attention.AttentionProcessor;
import dev.tav.model.SafetensorsWeights;
import dev.tav.model.UNetConfig;
import dev.tav.tensor.FloatTensor;
import dev.tav.tensorflow.runtime.HostTensors;
import dev.tav.tensorflow.runtime.ModelGraph;
import dev.tav.tensorflow.runtime.ModelGraph.Purpose;
import dev.tav.tensorflow.runtime.ParameterStore.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The U-Net graph must stay differentiable for Tune-A-Video tuning (attn1.to_q, attn2.to_q, attn_temp). */
class UNetGradientTest {
    @Test
    void gradients_of_the_tuned_parameters_exist_and_match_finite_differences() throws Exception {
        Path root = Path.of(System.getProperty("tav.fixtures", "../../shared/fixtures"));
        Path dir = root.resolve("models/tiny-tav/unet");
        UNetConfig config = UNetConfig.read(dir.resolve("config.json"));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).toList();
        }
        try (SafetensorsWeights weights = SafetensorsWeights.open(files);
                ModelGraph graph = new ModelGraph("gradient test", 2, weights, Purpose.TRAINING)) {
            UNetNetwork network = new UNetNetwork(graph.parameters(), config, new TemporalLayers(true, 0));
            graph.loadParameters();
            Ops tf = graph.ops();
            FrameLayout layout = new FrameLayout(1, 3, AttentionProcessor.sparseCausal().context(3), true, 0);
            Operand<TFloat32> out = network.build(tf, constant(tf, 1, 1, 4, 3, 8, 8), constant(tf, 2, 1),
                    constant(tf, 3, 1, 5, config.crossAttentionDim()), List.of(), null, layout);
            Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(out, constant(tf, 4, 1, 4, 3, 8, 8)),
                    tf.constant(new int[] {0, 1, 2, 3, 4}));

            List<Parameter> tuned = graph.parameters().parameters().stream()
                    .filter(p -> p.name().endsWith("attn1.to_q.weight") || p.name().endsWith("attn2.to_q.weight")
                            || p.name().contains(".attn_temp."))
                    .toList();
            assertThat(tuned).hasSizeGreaterThan(20);
            Output<?>[] grads = graph.graph().addGradients(loss.asOutput(),
                    tuned.stream().map(p -> p.value().asOutput()).toArray(Output<?>[]::new));

            Session session = graph.session();
            double dot = 0;
            List<FloatTensor> directions = new ArrayList<>();
            Session.Runner runner = session.runner();
            for (Output<?> g : grads) {
                runner.fetch(g);
            }
            try (Result r = runner.run()) {
                for (int i = 0; i < grads.length; i++) {
                    FloatTensor g = HostTensors.toHost((TFloat32) r.get(i));
                    FloatTensor d = random(100 + i, g.shape().getShape());
                    directions.add(d);
                    double norm = 0;
                    for (int j = 0; j < g.size(); j++) {
                        assertThat(Float.isFinite(g.get(j))).isTrue();
                        norm += g.get(j) * (double) g.get(j);
                        dot += g.get(j) * (double) d.get(j);
                    }
                    assertThat(norm).as("gradient of " + tuned.get(i).name()).isGreaterThan(0);
                }
            }

            double eps = 1e-3;
            List<Placeholder<TFloat32>> steps = new ArrayList<>();
            List<Op> updates = new ArrayList<>();
            for (Parameter p : tuned) {
                Placeholder<TFloat32> step = tf.placeholder(TFloat32.class,
                        Placeholder.shape(p.value().shape()));
                steps.add(step);
                updates.add(tf.assignAddVariableOp(p.handle(), step));
            }
            double plus = shiftAndEvaluate(session, steps, updates, directions, eps, loss);
            double minus = shiftAndEvaluate(session, steps, updates, directions, -2 * eps, loss);
            shiftAndEvaluate(session, steps, updates, directions, eps, loss);
            double numeric = (plus - minus) / (2 * eps);
            assertThat(numeric).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-2 * Math.abs(dot) + 1e-3));
        }
    }

    private static double shiftAndEvaluate(Session session, List<Placeholder<TFloat32>> steps, List<Op> updates,
            List<FloatTensor> directions, double scale, Operand<TFloat32> loss) {
        List<TFloat32> feeds = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            for (int i = 0; i < steps.size(); i++) {
                float[] d = directions.get(i).toArray();
                for (int j = 0; j < d.length; j++) {
                    d[j] *= (float) scale;
                }
                TFloat32 t = HostTensors.toTensor(directions.get(i).shape().getShape(), d);
                feeds.add(t);
                runner.feed(steps.get(i), t).addTarget(updates.get(i));
            }
            runner.run().close();
        } finally {
            feeds.forEach(TFloat32::close);
        }
        try (Result r = session.runner().fetch(loss).run()) {
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    private static Operand<TFloat32> constant(Ops tf, long seed, long... shape) {
        FloatTensor t = random(seed, shape);
        return tf.constant(org.tensorflow.ndarray.Shape.of(shape),
                org.tensorflow.ndarray.buffer.DataBuffers.of(t.toArray()));
    }

    private static FloatTensor random(long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return FloatTensor.wrap(new ai.djl.ndarray.types.Shape(shape), v);
    }
}
