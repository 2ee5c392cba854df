package dev.myelin.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Training;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticsListenerTest {
    static final double[][] X = {{0.5, -1.0}, {1.5, 0.25}, {-0.75, 2.0}, {0.1, 0.3}};
    static final double[][] Y = {{1}, {0}, {1}, {0}};

    private static double norm(Matrix m) {
        double s = 0;
        for (int i = 0; i < m.size(); i++) {
            s += m.get(i) * m.get(i);
        }
        return Math.sqrt(s);
    }

    @Test
    void oneBatchEpochGivesTheGradientNormAndTheSgdUpdateRatio() {
        // One full batch per epoch, SGD: ΔW = −η·g, so update/weight = η‖g‖/‖W‖ exactly.
        Network net = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(3)
                .precision(Precision.FLOAT64).build();
        Network probe = net.copy();
        probe.computeGradients(Matrix.of(X, Precision.FLOAT64), Matrix.of(Y, Precision.FLOAT64), Loss.BINARY_CROSS_ENTROPY);
        Dense d0 = (Dense) probe.layers().get(0);
        double g0 = norm(d0.weightParameter().grad());
        double w0 = norm(d0.weights());
        Matrix a0 = d0.lastOutput();
        double mean = 0;
        for (int i = 0; i < a0.size(); i++) {
            mean += a0.get(i) / a0.size();
        }

        DiagnosticsListener diag = new DiagnosticsListener();
        net.fit(Dataset.of(X, Y), Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.5)).epochs(2).batchSize(4).shuffle(false)
                .listener(diag));
        List<LayerDiagnostics> first = diag.epoch(0);
        assertThat(first).hasSize(2);
        LayerDiagnostics l0 = first.get(0);
        assertThat(l0.layer()).isZero();
        assertThat(l0.activation()).isEqualTo("tanh");
        assertThat(l0.gradientNorm()).isCloseTo(g0, within(1e-12));
        assertThat(l0.updateRatio()).isCloseTo(0.5 * g0 / w0, within(1e-12));
        assertThat(l0.activationMean()).isCloseTo(mean, within(1e-12));
        assertThat(l0.saturatedFraction()).isZero();
        assertThat(l0.deadFraction()).isNaN();
        assertThat(diag.records()).hasSize(4);
        assertThat(diag.epochLine(1)).contains("L0 |g|=").contains("L1 |g|=");
        assertThat(diag.toJson().get(0).get("gradient_norm").asDouble()).isCloseTo(g0, within(1e-12));
    }

    @Test
    void findsDeadReluAndSaturatedSigmoidUnits() {
        // ReLU unit 1 has bias −100: never positive, dead. Sigmoid layer with weights ±50: saturated.
        double[][] w1 = {{1, 0.1, -1}, {1, 0.2, 1}};
        double[] b1 = {0, -100, 0.5};
        double[][] w2 = {{50, 0.001}, {50, 0.001}, {-50, 0.001}};
        double[] b2 = {0, 0};
        Network net = Network.builder(2).dense(w1, b1, Activation.RELU).dense(w2, b2, Activation.SIGMOID)
                .dense(new double[][] {{1}, {1}}, new double[] {0}, Activation.IDENTITY).precision(Precision.FLOAT64).build();
        DiagnosticsListener diag = new DiagnosticsListener();
        net.fit(Dataset.of(X, Y), Training.of(Loss.MSE, new Sgd(1e-6)).epochs(1).batchSize(2).shuffle(false).listener(diag));
        LayerDiagnostics relu = diag.epoch(0).get(0);
        assertThat(relu.deadFraction()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(relu.saturatedFraction()).isNaN();
        LayerDiagnostics sig = diag.epoch(0).get(1);
        // unit 0: z = 50(r₀ − r₂) is 87.5, −100 and −15 on three examples (saturated) and 0 on
        // x = (0.5, −1), where both ReLUs are off; unit 1 sits near σ(0) = 0.5: 3 of 8 values saturated
        assertThat(sig.saturatedFraction()).isCloseTo(3.0 / 8, within(1e-12));
    }

    @Test
    void samplingEveryOtherBatch() {
        Network net = Network.builder(2).dense(4, Activation.RELU).dense(1, Activation.SIGMOID).seed(5).build();
        DiagnosticsListener diag = new DiagnosticsListener(2);
        net.fit(Dataset.of(X, Y), Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.1)).epochs(3).batchSize(1).listener(diag));
        assertThat(diag.records()).hasSize(6);
        assertThat(diag.records()).allSatisfy(r -> assertThat(r.gradientNorm()).isFinite().isNotNegative());
        assertThat(diag.table()).contains("grad norm").contains("relu");
    }
}
