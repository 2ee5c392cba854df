package dev.myelin.notes;

import static dev.myelin.notes.NotesAssert.assertPrints;
import static dev.myelin.notes.NotesAssert.dense;
import static dev.myelin.notes.NotesAssert.row;
import static dev.myelin.notes.NotesAssert.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Notes 004 ("Practical example"): two inputs x = (0.50, 0.51), two weights w = (0.35, 0.40), no bias,
 * sigmoid output, label y = 0.10, J = ½(y − ŷ)², and one update w ← w − η·∂J/∂w with η = 1 (the notes
 * write w₁' = 0.35 − 0.06 = 0.29).
 *
 * <p><b>The notes' slip.</b> After deriving ∂Σ/∂w₁ = x₁ = 0.5, the update slide multiplies by 0.51
 * (which is x₂, the factor for w₂) and then uses that same 0.06 for both w₁ and w₂. The correct
 * gradients are ∂J/∂w₁ = 0.4936·0.2412·0.50 = 0.0595 and ∂J/∂w₂ = 0.4936·0.2412·0.51 = 0.0607; both
 * print as 0.06 to two decimals, so the notes' final w₁' = 0.29 and w₂' = 0.34 still hold. This test
 * asserts the correct math.
 */
class TwoWeightExampleTest {
    static final double SIGMA = 0.35 * 0.50 + 0.40 * 0.51;
    static final double YHAT = sigmoid(SIGMA);

    static Network net() {
        return Network.builder(2).denseWithoutBias(new double[][] {{0.35}, {0.40}}, Activation.SIGMOID)
                .precision(Precision.FLOAT64).build();
    }

    @Test
    void forwardPassAndLoss() {
        Network net = net();
        double j = net.computeGradients(row(0.50, 0.51), row(0.10), Loss.HALF_SSE);
        assertThat(dense(net, 0).lastZ().get(0)).isCloseTo(0.379, within(1e-15));
        assertPrints("Σ", dense(net, 0).lastZ().get(0), 2, "0.38");
        assertThat(dense(net, 0).lastOutput().get(0)).isCloseTo(YHAT, within(1e-15));
        assertPrints("ŷ", YHAT, 2, "0.59");
        assertThat(j).isCloseTo(0.5 * (0.10 - YHAT) * (0.10 - YHAT), within(1e-15));
        assertPrints("J", j, 2, "0.12");
    }

    @Test
    void gradientFactorsAndCorrectGradients() {
        Network net = net();
        net.computeGradients(row(0.50, 0.51), row(0.10), Loss.HALF_SSE);
        double dLoss = YHAT - 0.10; // ∂J/∂ŷ = −y + ŷ
        double dAct = YHAT * (1 - YHAT); // ∂ŷ/∂Σ = σ(Σ)(1 − σ(Σ))
        assertPrints("∂J/∂ŷ", dLoss, 2, "0.49");
        assertPrints("∂ŷ/∂Σ", dAct, 2, "0.24");
        assertThat(dense(net, 0).lastDelta().get(0)).isCloseTo(dLoss * dAct, within(1e-15));
        Matrix g = dense(net, 0).weightParameter().grad();
        // Correct: ∂Σ/∂w₁ = x₁ = 0.50, ∂Σ/∂w₂ = x₂ = 0.51.
        assertThat(g.get(0, 0)).isCloseTo(dLoss * dAct * 0.50, within(1e-15));
        assertThat(g.get(1, 0)).isCloseTo(dLoss * dAct * 0.51, within(1e-15));
        assertThat(g.get(0, 0)).isCloseTo(0.0595401681, within(1e-10));
        assertThat(g.get(1, 0)).isCloseTo(0.0607309715, within(1e-10));
        // The notes' 0.49 · 0.24 · 0.51 = 0.06 is the w₂ gradient; the w₁ gradient also prints 0.06.
        assertPrints("notes' product", 0.49 * 0.24 * 0.51, 2, "0.06");
        assertPrints("∂J/∂w1", g.get(0, 0), 2, "0.06");
        assertPrints("∂J/∂w2", g.get(1, 0), 2, "0.06");
        assertThat(g.get(0, 0)).isNotCloseTo(g.get(1, 0), within(1e-3));
    }

    @Test
    void weightUpdateWithLearningRateOne() {
        Network net = net();
        net.computeGradients(row(0.50, 0.51), row(0.10), Loss.HALF_SSE);
        // The example has no bias: the layer's only parameter is its weight.
        assertThat(net.parameters()).containsExactly(dense(net, 0).weightParameter());
        new Sgd(1.0).start(net).step();
        Matrix w = dense(net, 0).weights();
        assertThat(w.get(0, 0)).isCloseTo(0.35 - 0.0595401681, within(1e-10));
        assertThat(w.get(1, 0)).isCloseTo(0.40 - 0.0607309715, within(1e-10));
        assertPrints("w1'", w.get(0, 0), 2, "0.29");
        assertPrints("w2'", w.get(1, 0), 2, "0.34");
        assertThat(dense(net, 0).bias()).isNull();
        // The notes' exercise: has the error gone down? Yes.
        double before = 0.5 * (0.10 - YHAT) * (0.10 - YHAT);
        assertThat(net.loss(row(0.50, 0.51), row(0.10), Loss.HALF_SSE)).isLessThan(before);
    }
}
