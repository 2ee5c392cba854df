package dev.myelin.losses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Saturated outputs through the whole network: logits of ±1000 give a finite loss and finite
 * gradients with the fused forms (sigmoid + binary cross-entropy, softmax + categorical cross-entropy),
 * in float64 and float32, where a = σ(z) or softmax(z) is exactly 0 or 1 and the plain forms would
 * need ln 0 and a division by a(1 − a) = 0.
 */
class FusedLossStabilityTest {
    /** One identity-input dense layer whose logits are 1000·x: x = (1, −1) gives z = (1000, −1000). */
    static Network saturated(Activation output, Precision precision) {
        return Network.builder(2).dense(new double[][] {{1000, -1000}, {-1000, 1000}}, new double[] {0, 0}, output)
                .precision(precision).build();
    }

    @Test
    void sigmoidWithBinaryCrossEntropy() {
        for (Precision p : Precision.values()) {
            Network net = saturated(Activation.SIGMOID, p);
            Matrix x = Matrix.of(new double[][] {{0.5, -0.5}, {0.5, -0.5}}, p); // z = (1000, −1000)
            Matrix y = Matrix.of(new double[][] {{0, 1}, {1, 0}}, p);
            double loss = net.computeGradients(x, y, Loss.BINARY_CROSS_ENTROPY);
            // Row 0 is wrong on both outputs (1000 each), row 1 right (0): mean over 4 = 500.
            assertThat(loss).as(p.label()).isCloseTo(500.0, within(1e-9));
            assertFiniteGradients(net);
            // ∂E/∂z = (a − y)/4 = ±1/4 exactly.
            Matrix delta = ((Dense) net.layers().get(0)).lastDelta();
            assertThat(delta.toArray()).isDeepEqualTo(new double[][] {{0.25, -0.25}, {0, 0}});
        }
    }

    @Test
    void softmaxWithCategoricalCrossEntropy() {
        for (Precision p : Precision.values()) {
            Network net = saturated(Activation.SOFTMAX, p);
            Matrix x = Matrix.of(new double[][] {{0.5, -0.5}, {-0.5, 0.5}}, p);
            Matrix y = Matrix.of(new double[][] {{0, 1}, {0, 1}}, p);
            double loss = net.computeGradients(x, y, Loss.CATEGORICAL_CROSS_ENTROPY);
            // Row 0: logsumexp(1000, −1000) − (−1000) = 2000; row 1: 0. Mean over 2 rows = 1000.
            assertThat(loss).as(p.label()).isCloseTo(1000.0, within(1e-9));
            assertFiniteGradients(net);
            assertThat(((Dense) net.layers().get(0)).lastDelta().toArray())
                    .isDeepEqualTo(new double[][] {{0.5, -0.5}, {0, 0}});
        }
    }

    @Test
    void plainFormsClampInsteadOfOverflowing() {
        // Without fusion (a given directly), ln 0 is clamped at −100 as in PyTorch: finite, not NaN.
        Matrix a = Matrix.of(new double[][] {{1.0, 0.0}}, Precision.FLOAT64);
        Matrix y = Matrix.of(new double[][] {{0.0, 1.0}}, Precision.FLOAT64);
        assertThat(Loss.BINARY_CROSS_ENTROPY.value(a, y)).isEqualTo(100.0);
        assertThat(Loss.CATEGORICAL_CROSS_ENTROPY.value(a, y)).isEqualTo(100.0);
        Matrix g = Matrix.zeros(1, 2, Precision.FLOAT64);
        Loss.BINARY_CROSS_ENTROPY.gradient(a, y, g);
        assertThat(g.allFinite()).isTrue();
        Loss.CATEGORICAL_CROSS_ENTROPY.gradient(a, y, g);
        assertThat(g.allFinite()).isTrue();
    }

    private static void assertFiniteGradients(Network net) {
        for (Parameter p : net.parameters()) {
            assertThat(p.grad().allFinite()).as(p.name()).isTrue();
        }
    }
}
