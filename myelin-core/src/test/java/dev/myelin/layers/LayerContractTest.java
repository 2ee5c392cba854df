package dev.myelin.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.compute.Compute;
import dev.myelin.gradcheck.GradientCheck;
import dev.myelin.init.Rng;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.NetworkJson;
import dev.myelin.kernel.KernelTestSupport;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layer contract, held for every layer type (Keras's {@code run_layer_test}): shapes, a float64
 * central-difference check of ∂E/∂x and ∂E/∂θ (and that buffers stay untouched by a pass), the
 * fused-output path against the plain one, JSON and safetensors round trips bit for bit, and the same
 * bits at 1 and 2 kernel threads. A new layer type passes by being listed once in {@link #layers()}.
 */
class LayerContractTest {
    static {
        Scale.register();
    }

    /** One layer type to check: a name and how to build it at any input shape. */
    record Case(String name, LayerSpec spec) {
        Layer build(Shape input, Precision precision, long seed) {
            return spec.build(new LayerSpec.Context(0, input, precision, seed, null));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every layer type, listed once. */
    static Stream<Case> layers() {
        return Stream.of(
                new Case("dense (tanh)", Dense.spec(4, Activation.TANH, null)),
                new Case("dense (softmax)", Dense.spec(3, Activation.SOFTMAX, null)),
                new Case("dropout", c -> new Dropout(c.inputShape(), 0.3, c.seed())),
                new Case("test_scale (a user's layer)", Scale.spec()));
    }

    static Stream<Arguments> layersAndPrecisions() {
        return layers().flatMap(c -> Stream.of(Arguments.of(c, Precision.FLOAT32), Arguments.of(c, Precision.FLOAT64)));
    }

    static Matrix random(int rows, int cols, Precision p, long seed) {
        Rng rng = new Rng(seed);
        Matrix m = Matrix.zeros(rows, cols, p);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextGaussian());
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void shapesAndNamedState(Case c) {
        Layer layer = c.build(Shape.of(5), Precision.FLOAT64, 7);
        assertThat(LayerRegistry.get(layer.type())).as("registered type").isNotNull();
        assertThat(layer.inputShape()).isEqualTo(Shape.of(5));
        assertThat(layer.inputs()).isEqualTo(5);
        assertThat(layer.outputs()).isEqualTo(layer.outputShape().size());
        Matrix y = layer.forward(random(3, 5, Precision.FLOAT64, 1), true);
        assertThat(y.rows()).isEqualTo(3);
        assertThat(y.cols()).isEqualTo(layer.outputs());
        assertThat(layer.lastOutput()).isSameAs(y);
        Matrix gx = layer.backward(random(3, layer.outputs(), Precision.FLOAT64, 2), true);
        assertThat(gx.rows()).isEqualTo(3);
        assertThat(gx.cols()).isEqualTo(5);
        List<String> names = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            assertThat(p.grad().shape()).isEqualTo(p.value().shape());
            assertThat(p.shape().size()).isEqualTo(p.size());
            names.add(p.name());
        }
        for (Buffer b : layer.buffers()) {
            assertThat(b.shape().size()).isEqualTo(b.value().size());
            names.add(b.name());
        }
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z_]+"));
        if (layer.activation() != null) {
            assertThat(layer.lastPreActivation().shape()).isEqualTo(y.shape());
            assertThat(layer.lastDelta().shape()).isEqualTo(y.shape());
        }
        assertThat(layer.describe()).startsWith(layer.type());
        Network net = Network.of(5, List.of(layer), Precision.FLOAT64, 1);
        assertThat(net.summary()).contains(layer.describe());
    }

    /** E = Σ R ⊙ layer(x), R fixed and random, so ∂E/∂y = R. */
    static double energy(Layer layer, Matrix x, Matrix r) {
        Matrix y = layer.forward(x, true);
        double e = 0;
        for (int i = 0; i < y.size(); i++) {
            e += r.get(i) * y.get(i);
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void float64GradientsMatchCentralDifferences(Case c) {
        int rows = 3;
        double h = 1e-6;
        Layer layer = c.build(Shape.of(5), Precision.FLOAT64, 11);
        layer.fixNoise(new Rng(GradientCheck.MASK_SEED), rows);
        try {
            Matrix x = random(rows, 5, Precision.FLOAT64, 3);
            Matrix r = random(rows, layer.outputs(), Precision.FLOAT64, 4);
            List<double[][]> buffersBefore = layer.buffers().stream().map(b -> b.value().toArray()).toList();
            energy(layer, x, r);
            Matrix gx = layer.backward(r, true).copy();
            List<Matrix> grads = layer.parameters().stream().map(p -> p.grad().copy()).toList();
            for (int b = 0; b < buffersBefore.size(); b++) {
                assertThat(layer.buffers().get(b).value().toArray()).as("buffer untouched by a pass").isEqualTo(buffersBefore.get(b));
            }
            double worst = 0;
            for (int i = 0; i < x.size(); i++) {
                worst = Math.max(worst, check(layer, x, r, x, i, gx.get(i), h));
            }
            for (int k = 0; k < grads.size(); k++) {
                Matrix v = layer.parameters().get(k).value();
                for (int i = 0; i < v.size(); i++) {
                    worst = Math.max(worst, check(layer, x, r, v, i, grads.get(k).get(i), h));
                }
            }
            assertThat(worst).as(c + ": worst relative error").isLessThan(1e-7);

            if (layer.activation() != null) {
                // The fused path: backward from δ = ∂E/∂z gives the same gradients as backward from ∂E/∂a.
                energy(layer, x, r);
                layer.backward(r, true);
                Matrix delta = layer.lastDelta().copy();
                Matrix gx2 = layer.backwardFromPreActivation(delta, true);
                assertThat(gx2.toArray()).isEqualTo(gx.toArray());
                for (int k = 0; k < grads.size(); k++) {
                    assertThat(layer.parameters().get(k).grad().toArray()).isEqualTo(grads.get(k).toArray());
                }
            }
        } finally {
            layer.releaseNoise();
        }
    }

    private static double check(Layer layer, Matrix x, Matrix r, Matrix values, int i, double analytic, double h) {
        double original = values.get(i);
        values.set(i, original + h);
        double plus = energy(layer, x, r);
        values.set(i, original - h);
        double minus = energy(layer, x, r);
        values.set(i, original);
        return GradientCheck.relativeError(analytic, (plus - minus) / (2 * h));
    }

    static Network network(Case c, Precision p) {
        return Network.builder(5).add(c.spec()).seed(21).precision(p).build();
    }

    static void assertSameBits(Network a, Network b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        assertThat(pb).hasSameSizeAs(pa);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).value().toArray()).isEqualTo(pa.get(i).value().toArray());
        }
        assertThat(b.namedBuffers().keySet()).isEqualTo(a.namedBuffers().keySet());
        for (String k : a.namedBuffers().keySet()) {
            assertThat(b.namedBuffers().get(k).value().toArray()).isEqualTo(a.namedBuffers().get(k).value().toArray());
        }
        Matrix x = random(7, a.inputs(), a.precision(), 5);
        assertThat(b.predict(x).toArray()).isEqualTo(a.predict(x).toArray());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layersAndPrecisions")
    void jsonRoundTripIsBitForBit(Case c, Precision p) {
        Network net = network(c, p);
        String json = net.toJson();
        Network back = Network.of(NetworkJson.read(json, p, 21));
        assertSameBits(net, back);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.rngStates()).containsExactly(net.rngStates());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("layersAndPrecisions")
    void safetensorsRoundTripIsBitForBit(Case c, Precision p, @TempDir Path dir) throws IOException {
        Network net = network(c, p);
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, Model.of(net));
        // the precision is that of the stored tensors; a network without any is read as asked
        Network back = (net.namedParameters().isEmpty() ? ModelFile.load(file, p, ModelFile.DEFAULT_MAX_BYTES)
                : ModelFile.load(file)).network();
        assertThat(back.precision()).isEqualTo(p);
        assertSameBits(net, back);
        assertThat(back.toJson()).isEqualTo(net.toJson());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void sameBitsAtOneAndTwoKernelThreads(Case c) {
        int saved = Compute.threads();
        long savedFlops = KernelTestSupport.parallelFlops();
        List<List<double[]>> runs = new ArrayList<>();
        try {
            KernelTestSupport.setParallelFlops(0); // split even these small products over the threads
            for (int threads : new int[] {1, 2}) {
                Compute.setThreads(threads);
                Layer layer = c.build(Shape.of(37), Precision.FLOAT32, 9);
                Matrix x = random(67, 37, Precision.FLOAT32, 6);
                List<double[]> out = new ArrayList<>();
                out.add(values(layer.forward(x, true)));
                out.add(values(layer.backward(random(67, layer.outputs(), Precision.FLOAT32, 8), true)));
                for (Parameter p : layer.parameters()) {
                    out.add(values(p.grad()));
                }
                runs.add(out);
            }
        } finally {
            Compute.setThreads(saved);
            KernelTestSupport.setParallelFlops(savedFlops);
        }
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertThat(Arrays.equals(runs.get(1).get(i), runs.get(0).get(i))).as(c + " result " + i + " at 2 threads")
                    .isTrue();
        }
    }

    private static double[] values(Matrix m) {
        double[] v = new double[m.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.get(i);
        }
        return v;
    }

    @Test
    void aUsersLayerTrainsSavesAndLoads(@TempDir Path dir) throws IOException {
        Network net = Network.builder(4).add(Scale.spec()).dense(6, Activation.TANH).add(Scale.spec())
                .dense(1, Activation.SIGMOID).seed(5).build();
        double[][] x = new double[64][4];
        double[][] y = new double[64][1];
        Rng rng = new Rng(17);
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < 4; i++) {
                x[n][i] = rng.nextGaussian();
            }
            y[n][0] = x[n][0] + x[n][1] > 0 ? 1 : 0;
        }
        double[] scaleBefore = net.layers().get(0).parameters().get(0).value().toArray()[0];
        net.fit(x, y, Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.5)).epochs(5).batchSize(16).seed(3));
        assertThat(net.layers().get(0).parameters().get(0).value().toArray()[0]).as("the scale was trained")
                .isNotEqualTo(scaleBefore);
        assertThat(net.toJson()).contains("\"type\":\"test_scale\"");

        Path file = dir.resolve("custom.safetensors");
        ModelFile.save(file, Model.of(net));
        Network back = ModelFile.load(file).network();
        assertThat(back.layers().get(0).type()).isEqualTo("test_scale");
        assertSameBits(net, back);
        Path json = dir.resolve("custom.json");
        ModelFile.save(json, Model.of(net));
        assertSameBits(net, ModelFile.load(json).network());
    }
}
