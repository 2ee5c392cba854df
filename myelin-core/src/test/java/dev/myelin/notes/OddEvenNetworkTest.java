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
import dev.myelin.tensor.Matrix;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notes 000 ("How to train a neural network?"): the odd/even classifier on inputs (2, 9) with target 1,
 * a 2-3-1 sigmoid network, the half squared error E = ½(target − out)² and one gradient-descent step
 * with learning rate 0.1.
 *
 * <p>Numbering: the notes write z₁ = w₁·x₁ + w₄·x₂ + b₁ and Z = a₁·w₇ + a₂·w₈ + a₃·w₉ + b₂, so with
 * weights [inputs][units] w₁, w₂, w₃ = W¹[0][0..2] (from x₁), w₄, w₅, w₆ = W¹[1][0..2] (from x₂) and
 * w₇, w₈, w₉ = W²[0..2][0].
 *
 * <p>How the notes' digits arise: they carry 4-digit intermediates (a₁ = 0.9995, ŷ = 0.8796,
 * ∂E/∂out = −0.1204, ∂out/∂z = 0.1059, ∂E/∂a₁ = −0.0051, …) into later steps, and sometimes truncate
 * rather than round (ŷ = σ(1.9895) = 0.87969 is printed 0.8796; the exact ŷ is 0.879701). Every test
 * therefore asserts three things: (1) the engine's value equals the exact math, written out here
 * independently of the engine, to 1e-12; (2) the notes' printed value is reproduced by the notes' own
 * arithmetic on their rounded intermediates; (3) the engine agrees with the printed value to the digits
 * that survive the notes' rounding (stated per number).
 */
class OddEvenNetworkTest {
    static final double[][] W1 = {{0.2, 0.6, 0.1}, {0.8, 0.3, 0.7}};
    static final double[] B1 = {0.1, 0.1, 0.1};
    static final double[][] W2 = {{0.4}, {0.5}, {0.9}};
    static final double[] B2 = {0.2};
    static final Matrix X = row(2, 9);
    static final Matrix Y = row(1);

    // The exact forward and backward pass, written as the notes write it (full precision).
    static final double[] Z1 = {0.2 * 2 + 0.8 * 9 + 0.1, 0.6 * 2 + 0.3 * 9 + 0.1, 0.1 * 2 + 0.7 * 9 + 0.1};
    static final double[] A = {sigmoid(Z1[0]), sigmoid(Z1[1]), sigmoid(Z1[2])};
    static final double Z2 = A[0] * 0.4 + A[1] * 0.5 + A[2] * 0.9 + 0.2;
    static final double OUT = sigmoid(Z2);
    static final double DE_DOUT = -(1 - OUT);
    static final double DOUT_DZ = OUT * (1 - OUT);
    static final double DE_DZ = DE_DOUT * DOUT_DZ;

    Network net;

    @BeforeEach
    void build() {
        net = NotesAssert.sigmoidNetwork(2, new double[][][] {W1, W2}, new double[][] {B1, B2});
    }

    @Test
    void forwardPass() {
        double[] out = net.predict(new double[] {2, 9});
        Matrix a = dense(net, 0).lastOutput();
        assertThat(dense(net, 0).lastZ().get(0)).isCloseTo(7.7, within(1e-12));
        assertThat(dense(net, 0).lastZ().get(1)).isCloseTo(4.0, within(1e-12));
        assertThat(dense(net, 0).lastZ().get(2)).isCloseTo(6.6, within(1e-12));
        for (int j = 0; j < 3; j++) {
            assertThat(a.get(j)).isCloseTo(A[j], within(1e-15));
        }
        assertPrints("a1", a.get(0), 4, "0.9995");
        assertPrints("a2", a.get(1), 4, "0.9820");
        assertPrints("a3", a.get(2), 4, "0.9986");
        assertThat(out[0]).isCloseTo(OUT, within(1e-15));
        assertThat(out[0]).isCloseTo(0.879701149381, within(1e-12));
        // The notes: σ(0.9995·0.4 + 0.9820·0.5 + 0.9986·0.9 + 0.2) = σ(1.9895) = 0.8796, from the
        // rounded a's (z = 1.98954), and σ(1.98954) = 0.879690 truncated to 4 decimals.
        double notesZ = 0.9995 * 0.4 + 0.9820 * 0.5 + 0.9986 * 0.9 + 0.2;
        assertPrints("notes' z", notesZ, 4, "1.9895");
        assertThat(Math.floor(sigmoid(notesZ) * 1e4) / 1e4).isEqualTo(0.8796);
        // Exact: z = 1.989603, ŷ = 0.879701 — one unit off the notes in the 4th decimal.
        assertPrints("z", dense(net, 1).lastZ().get(0), 4, "1.9896");
        assertThat(out[0]).isCloseTo(0.8796, within(1.2e-4));
    }

    @Test
    void halfSquaredError() {
        double e = net.computeGradients(X, Y, Loss.HALF_SSE);
        assertThat(e).isCloseTo(0.5 * (1 - OUT) * (1 - OUT), within(1e-15));
        assertThat(e).isCloseTo(0.00723590673, within(1e-12));
        // The notes' E = 0.00724808 is exactly ½(1 − 0.8796)², i.e. computed from their rounded ŷ.
        assertThat(0.5 * (1 - 0.8796) * (1 - 0.8796)).isCloseTo(0.00724808, within(1e-15));
        // The engine's E from the exact ŷ agrees to two significant digits (0.0072).
        assertPrints("E", e, 4, "0.0072");
    }

    @Test
    void gradientsOfTheHighlightedSubgraph() {
        net.computeGradients(X, Y, Loss.HALF_SSE);
        Matrix gW2 = dense(net, 1).weightParameter().grad();
        Matrix gW1 = dense(net, 0).weightParameter().grad();
        // δ at the output: ∂E/∂z = ∂E/∂out · ∂out/∂z; notes: −0.1204 · 0.1059 = −0.01275.
        double delta = dense(net, 1).lastDelta().get(0);
        assertThat(delta).isCloseTo(DE_DZ, within(1e-15));
        assertPrints("∂E/∂out", DE_DOUT, 4, "-0.1203"); // notes −0.1204 from ŷ = 0.8796
        assertPrints("∂out/∂z", DOUT_DZ, 4, "0.1058"); // notes 0.1059 = 0.8796·0.1204
        assertPrints("notes' ∂out/∂z", 0.8796 * (1 - 0.8796), 4, "0.1059");
        assertPrints("notes' ∂E/∂z", -0.1204 * 0.1059, 5, "-0.01275");
        assertPrints("∂E/∂z", delta, 4, "-0.0127");
        // ∂E/∂w7 = ∂E/∂z · a1; notes −0.1204 · 0.1059 · 0.9995 = −0.0127.
        assertThat(gW2.get(0)).isCloseTo(DE_DZ * A[0], within(1e-15));
        assertPrints("∂E/∂w7", gW2.get(0), 4, "-0.0127");
        // ∂E/∂a1 = ∂E/∂z · w7; notes −0.01275 · 0.4 = −0.0051.
        assertPrints("∂E/∂a1", delta * 0.4, 4, "-0.0051");
        // ∂E/∂w1 = ∂E/∂a1 · a1(1 − a1) · x1. Notes: −0.0051 · 0.00049975 · 2 = −5.097E-6, where
        // 0.00049975 = 0.9995(1 − 0.9995) comes from the rounded a1; the exact σ'(7.7) is 0.000452.
        double exact = DE_DZ * 0.4 * A[0] * (1 - A[0]) * 2;
        assertThat(gW1.get(0)).isCloseTo(exact, within(1e-18));
        assertThat(gW1.get(0)).isCloseTo(-4.6077335779e-6, within(1e-15));
        assertThat(-0.0051 * (0.9995 * (1 - 0.9995)) * 2).isCloseTo(-5.097e-6, within(1e-9));
        assertPrints("∂E/∂w1 (×1e6)", gW1.get(0) * 1e6, 0, "-5"); // −4.6e-6 vs the notes' −5.1e-6
    }

    @Test
    void oneSgdStepGivesTheNotesUpdatedWeights() {
        net.computeGradients(X, Y, Loss.HALF_SSE);
        new Sgd(0.1).start(net).step();
        Matrix w1 = dense(net, 0).weights();
        Matrix w2 = dense(net, 1).weights();
        double w7 = w2.get(0, 0), w8 = w2.get(1, 0), w9 = w2.get(2, 0);
        double w1v = w1.get(0, 0), w2v = w1.get(0, 1), w6v = w1.get(1, 2);

        // (1) the exact update, w ← w − 0.1·∂E/∂w, written out.
        assertThat(w7).isCloseTo(0.4 - 0.1 * DE_DZ * A[0], within(1e-15));
        assertThat(w8).isCloseTo(0.5 - 0.1 * DE_DZ * A[1], within(1e-15));
        assertThat(w9).isCloseTo(0.9 - 0.1 * DE_DZ * A[2], within(1e-15));
        assertThat(w1v).isCloseTo(0.2 - 0.1 * DE_DZ * 0.4 * A[0] * (1 - A[0]) * 2, within(1e-15));
        assertThat(w2v).isCloseTo(0.6 - 0.1 * DE_DZ * 0.5 * A[1] * (1 - A[1]) * 2, within(1e-15));
        assertThat(w6v).isCloseTo(0.7 - 0.1 * DE_DZ * 0.9 * A[2] * (1 - A[2]) * 9, within(1e-15));
        assertThat(w7).isCloseTo(0.401272510866, within(1e-12));
        assertThat(w1v).isCloseTo(0.200000460773, within(1e-12));
        assertThat(w8).isCloseTo(0.501250189082, within(1e-12));
        assertThat(w9).isCloseTo(0.901271357579, within(1e-12));
        assertThat(w2v).isCloseTo(0.600022486163, within(1e-12));
        assertThat(w6v).isCloseTo(0.700013990034, within(1e-12));
        // The output bias moves too: b2 ← 0.2 − 0.1·∂E/∂z.
        assertThat(dense(net, 1).bias().get(0)).isCloseTo(0.2 - 0.1 * DE_DZ, within(1e-15));

        // (2) the notes' printed values follow from their rounded intermediates.
        double notesDz = -0.1204 * 0.1059;
        assertThat(0.4 - 0.1 * (-0.0127)).isCloseTo(0.40127, within(1e-15));
        assertThat(0.2 - 0.1 * (-5.097e-6)).isCloseTo(0.20000051, within(1e-9));
        assertThat(0.5 - 0.1 * notesDz * 0.9820).isCloseTo(0.50125, within(3e-6));
        assertThat(0.9 - 0.1 * notesDz * 0.9986).isCloseTo(0.90127325094, within(1e-11));
        assertThat(0.6 - 0.1 * notesDz * 0.5 * (0.9820 * (1 - 0.9820)) * 2).isCloseTo(0.60002253753, within(1e-11));
        assertThat(0.7 - 0.1 * notesDz * 0.9 * (0.9986 * (1 - 0.9986)) * 9).isCloseTo(0.70001443866, within(1e-11));

        // (3) the engine agrees with the printed values to the digits the rounding leaves intact.
        assertPrints("w7", w7, 5, "0.40127");
        assertPrints("w8", w8, 5, "0.50125");
        assertPrints("w1", w1v, 7, "0.2000005"); // notes 0.20000051
        assertPrints("w9", w9, 5, "0.90127"); // notes 0.90127325094
        assertPrints("w2", w2v, 7, "0.6000225"); // notes 0.60002253753
        assertPrints("w6", w6v, 6, "0.700014"); // notes 0.70001443866
    }
}
