package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exported model of the test matrix runs in ONNX Runtime and agrees with Myelin's predict
 * (scaler applied to raw features, then the network) to 1e-5: each hidden activation × each loss
 * head (softmax for cross-entropy, sigmoid for binary cross-entropy, identity for squared error) ×
 * with or without a fitted scaler, plus an MNIST-shaped model (784 → 128 → dropout → 10).
 */
class OnnxRuntimeAgreementTest {
    static final double TOLERANCE = 1e-5;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static double worst;

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        List<Activation> hidden = List.of(Activation.IDENTITY, Activation.STEP, Activation.SIGMOID, Activation.TANH,
                Activation.RELU, Activation.leakyRelu(0.1), Activation.elu(0.5), Activation.GELU, Activation.SOFTPLUS,
                Activation.SOFTMAX);
        List<Activation> heads = List.of(Activation.SOFTMAX, Activation.SIGMOID, Activation.IDENTITY);
        for (Activation h : hidden) {
            for (Activation head : heads) {
                out.add(Arguments.of(h, head, false));
                out.add(Arguments.of(h, head, true));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} hidden, {1} head, scaler {2}")
    @MethodSource("matrix")
    void exportRunsInOnnxRuntimeAndAgrees(Activation hidden, Activation head, boolean scaled) throws OrtException {
        int features = 5;
        int outputs = head == Activation.SOFTMAX ? 3 : head == Activation.SIGMOID ? 1 : 2;
        Network net = Network.builder(features).dense(7, hidden).dropout(0.2).dense(6, hidden).dense(outputs, head)
                .seed(hidden.name().hashCode() + head.name().hashCode()).build();
        Random rnd = new Random(7);
        double[][] raw = new double[32][features];
        for (double[] row : raw) {
            for (int j = 0; j < features; j++) {
                row[j] = scaled ? 10 * j + 3 * rnd.nextGaussian() : rnd.nextGaussian();
            }
        }
        Scaler scaler = scaled ? Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(raw, Precision.FLOAT64)) : null;
        ModelInfo info = new ModelInfo(ModelInfo.inferTask(net), List.of(), null, List.of(), scaler, List.of(), Map.of());
        double diff = maxAbsDiff(new Model(net, info), raw);
        assertThat(diff).as("max |ORT − Myelin|").isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void mnistShapedModelAgrees() throws OrtException {
        Network net = Network.builder(784).dense(128, Activation.RELU).dropout(0.2).dense(10, Activation.SOFTMAX).seed(3).build();
        Random rnd = new Random(11);
        double[][] x = new double[64][784];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rnd.nextDouble() < 0.8 ? 0 : rnd.nextDouble();
            }
        }
        Scaler scaler = Scaler.minMax(new double[784], filled(784, 255));
        double[][] pixels = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            pixels[i] = scaler.inverseTransformRow(x[i]);
        }
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of(), "digit",
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), scaler, List.of(), Map.of("seed", "3"));
        assertThat(maxAbsDiff(new Model(net, info), pixels)).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void featureCrossesAreNodesSoTheModelTakesRawX1X2() throws OrtException {
        List<String> crosses = List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2");
        Network net = Network.builder(crosses.size()).dense(6, Activation.TANH).dense(1, Activation.SIGMOID).seed(8).build();
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), null, List.of(), null, crosses, Map.of());
        Random rnd = new Random(5);
        double[][] raw = new double[20][2];
        double[][] crossed = new double[raw.length][crosses.size()];
        float[][] in = new float[raw.length][2];
        for (int i = 0; i < raw.length; i++) {
            in[i][0] = (float) (6 * rnd.nextDouble() - 3);
            in[i][1] = (float) (6 * rnd.nextDouble() - 3);
            for (int j = 0; j < crosses.size(); j++) {
                crossed[i][j] = dev.myelin.data.FeatureCross.byName(crosses.get(j)).of(in[i][0], in[i][1]);
            }
        }
        double[][] expected = net.predict(crossed);
        float[][] actual = run(OnnxFile.toBytes(new Model(net, info)), in);
        double diff = 0;
        for (int i = 0; i < raw.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i][0] - expected[i][0]));
        }
        worst = Math.max(worst, diff);
        assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void float64NetworkIsExportedInFloat32AndAgrees() throws OrtException {
        Network net = Network.builder(3).dense(4, Activation.TANH).dense(2, Activation.SOFTMAX).precision(Precision.FLOAT64)
                .seed(5).build();
        double[][] x = {{0.1, -0.2, 0.3}, {1, 2, 3}};
        assertThat(maxAbsDiff(Model.of(net), x)).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Runs the export in ONNX Runtime on raw features; returns max |ORT − Myelin predict|. */
    static double maxAbsDiff(Model model, double[][] raw) throws OrtException {
        byte[] bytes = OnnxFile.toBytes(model);
        float[][] in = new float[raw.length][];
        double[][] scaled = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            in[i] = new float[raw[i].length];
            for (int j = 0; j < raw[i].length; j++) {
                in[i][j] = (float) raw[i][j];
            }
            double[] asFloat = new double[raw[i].length];
            for (int j = 0; j < asFloat.length; j++) {
                asFloat[j] = in[i][j];
            }
            scaled[i] = model.info().scaler() == null ? asFloat : model.info().scaler().transformRow(asFloat);
        }
        double[][] expected = model.network().predict(scaled);
        float[][] actual = run(bytes, in);
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).hasSize(expected[i].length);
            for (int j = 0; j < expected[i].length; j++) {
                diff = Math.max(diff, Math.abs(actual[i][j] - expected[i][j]));
            }
        }
        worst = Math.max(worst, diff);
        return diff;
    }

    static float[][] run(byte[] model, float[][] input) throws OrtException {
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor t = OnnxTensor.createTensor(ENV, input);
                OrtSession.Result r = session.run(Map.of(GraphWriter.INPUT, t))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @AfterAll
    static void report() {
        System.out.println("[onnx] ONNX Runtime vs Myelin predict: max abs diff " + worst);
    }
}
