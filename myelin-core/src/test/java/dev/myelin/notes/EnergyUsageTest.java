package dev.myelin.notes;

import static dev.myelin.notes.NotesAssert.assertPrints;
import static dev.myelin.notes.NotesAssert.dense;
import static dev.myelin.notes.NotesAssert.row;
import static dev.myelin.notes.NotesAssert.sigmoid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * Notes 001 ("Backpropagation with an example"): the building's energy usage from the scaled outdoor
 * temperature x₁ = 0.4 and number of people x₂ = 0.5, target y = 0.27, a 2-2-1 sigmoid network,
 * L = ½(y − ŷ)² (the notes call it "MSE") and one step with η = 0.01 on w₁⁽²⁾ = 0.6.
 *
 * <p><b>Reconstructed weights.</b> The notes give the network's weights only in a figure; the text
 * fixes x, y, w₁⁽²⁾ = 0.6, a₁⁽¹⁾ = 0.5915 and ŷ = 0.6922. We solved for one-decimal weights with zero
 * biases that reproduce those numbers: a₁⁽¹⁾ = σ(z) = 0.5915 needs z = logit(0.5915) ≈ 0.3700, met by
 * w₁₁⁽¹⁾ = 0.3, w₂₁⁽¹⁾ = 0.5 (0.4·0.3 + 0.5·0.5 = 0.37); then ŷ = σ(0.6·a₁ + w₂⁽²⁾a₂) = 0.6922 needs
 * w₂⁽²⁾a₂ ≈ 0.4556, met by w₁₂⁽¹⁾ = 0.2, w₂₂⁽¹⁾ = 0.4 (a₂ = σ(0.28) = 0.5695) and w₂⁽²⁾ = 0.8. So, in
 * [inputs][units] layout: W⁽¹⁾ = [[0.3, 0.2], [0.5, 0.4]], b⁽¹⁾ = 0, W⁽²⁾ = [[0.6], [0.8]], b⁽²⁾ = 0.
 * Other weights give the same printed digits; the checked quantities (ŷ, L, ∂L/∂w₁⁽²⁾, the new
 * w₁⁽²⁾) depend only on a₁⁽¹⁾ and ŷ, which every such reconstruction shares to 4 digits.
 */
class EnergyUsageTest {
    static Network net() {
        return NotesAssert.sigmoidNetwork(2, new double[][][] {{{0.3, 0.2}, {0.5, 0.4}}, {{0.6}, {0.8}}},
                new double[][] {{0, 0}, {0}});
    }

    static final double A1 = sigmoid(0.4 * 0.3 + 0.5 * 0.5);
    static final double A2 = sigmoid(0.4 * 0.2 + 0.5 * 0.4);
    static final double YHAT = sigmoid(0.6 * A1 + 0.8 * A2);

    @Test
    void forwardPassReproducesTheNotes() {
        Network net = net();
        double yhat = net.predict(new double[] {0.4, 0.5})[0];
        assertThat(dense(net, 0).lastOutput().get(0)).isCloseTo(A1, within(1e-15));
        assertThat(yhat).isCloseTo(YHAT, within(1e-15));
        assertPrints("a1", A1, 4, "0.5915");
        assertPrints("ŷ", yhat, 4, "0.6922");
    }

    @Test
    void lossGradientAndUpdate() {
        Network net = net();
        double loss = net.computeGradients(row(0.4, 0.5), row(0.27), Loss.HALF_SSE);
        assertThat(loss).isCloseTo(0.5 * (0.27 - YHAT) * (0.27 - YHAT), within(1e-15));
        // Notes: ½(−0.4222)² = ½ × 0.1783 = 0.08915, squaring the rounded difference and rounding again;
        // the exact ½(0.27 − 0.692219)² is 0.089134.
        assertThat(0.5 * 0.1783).isCloseTo(0.08915, within(1e-15));
        assertPrints("(0.27 − 0.6922)²", 0.4222 * 0.4222, 4, "0.1783");
        assertPrints("L", loss, 4, "0.0891");
        assertThat(loss).isCloseTo(0.08915, within(2e-5));

        // ∂L/∂w₁⁽²⁾ = (ŷ − y)·ŷ(1 − ŷ)·a₁⁽¹⁾; notes (0.6922 − 0.27)·0.6922·(1 − 0.6922)·0.5915 = 0.0532.
        double g = dense(net, 1).weightParameter().grad().get(0);
        assertThat(g).isCloseTo((YHAT - 0.27) * YHAT * (1 - YHAT) * A1, within(1e-15));
        assertPrints("∂L/∂w1(2)", g, 4, "0.0532");
        assertPrints("notes' product", (0.6922 - 0.27) * 0.6922 * (1 - 0.6922) * 0.5915, 4, "0.0532");
        // The delta rule: δ⁽²⁾ = ŷ(1 − ŷ)(ŷ − y), ∂L/∂w₁₁⁽²⁾ = δ⁽²⁾·a₁⁽¹⁾.
        assertThat(dense(net, 1).lastDelta().get(0)).isCloseTo(YHAT * (1 - YHAT) * (YHAT - 0.27), within(1e-15));
        // Hidden: δ₁⁽¹⁾ = a₁(1 − a₁)·w₁₁⁽²⁾δ⁽²⁾ and ∂L/∂w₁₁⁽¹⁾ = δ₁⁽¹⁾·x₁.
        double delta2 = YHAT * (1 - YHAT) * (YHAT - 0.27);
        assertThat(dense(net, 0).weightParameter().grad().get(0, 0))
                .isCloseTo(A1 * (1 - A1) * 0.6 * delta2 * 0.4, within(1e-15));

        new Sgd(0.01).start(net).step();
        double w = dense(net, 1).weights().get(0, 0);
        assertThat(w).isCloseTo(0.6 - 0.01 * g, within(1e-15));
        assertThat(w).isCloseTo(0.599467955884, within(1e-12));
        assertPrints("new w1(2)", w, 6, "0.599468");
        assertThat(0.6 - 0.01 * 0.0532).isCloseTo(0.599468, within(1e-15));
    }
}
