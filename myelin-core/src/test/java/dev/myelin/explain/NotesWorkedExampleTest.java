package dev.myelin.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * Holds {@code explain} to the worked example of notes 000 (2 inputs, 3 sigmoid hidden units, one
 * sigmoid output; x = (2, 9), target 1, E = ½(target − out)², η = 0.1). Hidden biases b1 = 0.1 and the
 * output bias b2 = 0.2, as the slide "Bias: b1 = 0.1, b2 = 0.2" and z = … + b2·1 say.
 *
 * <p>The notes carry their intermediate values rounded to 4 decimals, and some later figures depend on
 * that: ŷ is printed 0.8796 but σ(1.98960) = 0.879701 (and even σ(1.9895), from the rounded a's, is
 * 0.879690: the notes truncate); E = ½(1 − 0.8796)² = 0.00724808 uses that ŷ (exact E = 0.0072359);
 * w1, w2, w6, w9 are computed from ∂E/∂z = −0.1204·0.1059 = −0.01275036 and the rounded a's. The
 * exact values are checked to every digit the notes print where the rounding does not reach them, and
 * the rounded chain is checked separately ({@link #theNotesRoundedChainReproducesTheirFigures}).
 */
class NotesWorkedExampleTest {
    static final String NOTES_NETWORK = """
            {"format": "myelin.network", "version": 1, "inputs": 2, "layers": [
              {"type": "dense", "units": 3, "activation": "sigmoid",
               "weights": [[0.2, 0.6, 0.1], [0.8, 0.3, 0.7]], "bias": [0.1, 0.1, 0.1]},
              {"type": "dense", "units": 1, "activation": "sigmoid",
               "weights": [[0.4], [0.5], [0.9]], "bias": [0.2]}]}""";

    static Explanation explainNotes() {
        Network net = Network.fromJson(NOTES_NETWORK, Precision.FLOAT64);
        return Explainer.explain(net, new double[][] {{2, 9}}, new double[][] {{1}}, Loss.HALF_SSE, new Sgd(0.1), 1);
    }

    /** v rounded half-up to {@code decimals} places. */
    static double round(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    static double truncate(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.DOWN).doubleValue();
    }

    @Test
    void forwardPassMatchesTheNotes() {
        Explanation.Step s = explainNotes().steps().get(0);
        Explanation.LayerStep hidden = s.layers().get(0);
        // z1 = 0.2·2 + 0.8·9 + 0.1 = 7.7, z2 = σ⁻¹ argument 4, z3 = 6.6
        assertThat(hidden.z()[0][0]).isCloseTo(7.7, within(1e-14));
        assertThat(hidden.z()[0][1]).isCloseTo(4.0, within(1e-14));
        assertThat(hidden.z()[0][2]).isCloseTo(6.6, within(1e-14));
        // a1 = σ(7.7) = 0.9995 (0.99954738 to 8 places), a2 = 0.9820, a3 = 0.9986
        assertThat(round(hidden.a()[0][0], 8)).isEqualTo(0.99954738);
        assertThat(round(hidden.a()[0][0], 4)).isEqualTo(0.9995);
        assertThat(round(hidden.a()[0][1], 4)).isEqualTo(0.9820);
        assertThat(round(hidden.a()[0][2], 4)).isEqualTo(0.9986);
        // ŷ: the notes print σ(1.9895) = 0.8796; exact z = 1.9896, ŷ = 0.87970 (the notes truncate)
        assertThat(round(s.layers().get(1).z()[0][0], 3)).isEqualTo(1.990);
        assertThat(truncate(s.outputs()[0][0], 4)).isEqualTo(0.8797);
        assertThat(s.outputs()[0][0]).isCloseTo(0.8796, within(1.1e-4));
    }

    @Test
    void outputLayerGradientAndUpdateMatchTheNotes() {
        Explanation e = explainNotes();
        Explanation.LayerStep out = e.steps().get(0).layers().get(1);
        // ∂E/∂out = −(1 − ŷ) ≈ −0.1204 (exact −0.12030), ∂out/∂z = ŷ(1 − ŷ) ≈ 0.1059 (exact 0.10583)
        assertThat(out.gradA()[0][0]).isCloseTo(-0.1204, within(1.5e-4));
        assertThat(out.derivative()[0][0]).isCloseTo(0.1059, within(1.5e-4));
        // ∂E/∂w7 = −0.1204·0.1059·0.9995 = −0.0127, to every printed digit
        assertThat(round(out.weightGradients()[0][0], 4)).isEqualTo(-0.0127);
        // w7 = 0.4 − 0.1·(−0.0127) = 0.40127, w8 = 0.50125: to every printed digit
        assertThat(round(out.weightsAfter()[0][0], 5)).isEqualTo(0.40127);
        assertThat(round(out.weightsAfter()[1][0], 5)).isEqualTo(0.50125);
        // output bias b2 = 0.2 before the update
        assertThat(out.bias()[0]).isEqualTo(0.2);
        assertThat(e.steps().get(0).layers().get(0).bias()).containsExactly(0.1, 0.1, 0.1);
    }

    @Test
    void exactValuesToElevenDigits() {
        // The exact float64 values, which the notes' rounded ones approximate (checked against PyTorch
        // by the golden tests as well).
        Explanation e = explainNotes();
        Explanation.Step s = e.steps().get(0);
        assertThat(s.loss()).isCloseTo(0.0072359067301, within(1e-13));
        Explanation.LayerStep h = s.layers().get(0);
        Explanation.LayerStep o = s.layers().get(1);
        assertThat(o.weightsAfter()[0][0]).isCloseTo(0.40127251086594634, within(1e-15)); // w7
        assertThat(o.weightsAfter()[2][0]).isCloseTo(0.90127135757924180, within(1e-15)); // w9 (notes 0.90127325094)
        assertThat(h.weightsAfter()[0][0]).isCloseTo(0.20000046077335780, within(1e-15)); // w1 (notes 0.20000051)
        assertThat(h.weightsAfter()[0][1]).isCloseTo(0.60002248616331570, within(1e-15)); // w2 (notes 0.60002253753)
        assertThat(h.weightsAfter()[1][2]).isCloseTo(0.70001399003354770, within(1e-15)); // w6 (notes 0.70001443866)
        assertThat(o.biasAfter()[0]).isCloseTo(0.20127308709345695, within(1e-15));
    }

    @Test
    void theNotesRoundedChainReproducesTheirFigures() {
        // The notes' own chain: the rounded activations a = (0.9995, 0.9820, 0.9986), ŷ = 0.8796,
        // through the same formulas the explainer prints (δ = ∂E/∂out·∂out/∂z, ∂E/∂w = δ·a_prev,
        // δ_hidden = a(1 − a)·w·δ, w ← w − η·∂E/∂w).
        double a1 = 0.9995, a2 = 0.9820, a3 = 0.9986, yHat = 0.8796, eta = 0.1;
        double e = 0.5 * (1 - yHat) * (1 - yHat);
        assertThat(round(e, 8)).isEqualTo(0.00724808);
        double dEdOut = -(1 - yHat);
        assertThat(round(dEdOut, 4)).isEqualTo(-0.1204);
        double dOutDz = round(yHat * (1 - yHat), 4);
        assertThat(dOutDz).isEqualTo(0.1059);
        double delta = dEdOut * dOutDz; // −0.01275036, printed −0.01275
        assertThat(round(delta, 5)).isEqualTo(-0.01275);
        assertThat(truncate(0.4 - eta * round(delta * a1, 4), 5)).isEqualTo(0.40127); // w7
        assertThat(truncate(0.5 - eta * delta * a2, 5)).isEqualTo(0.50125); // w8
        assertThat(truncate(0.9 - eta * delta * a3, 11)).isEqualTo(0.90127325094); // w9
        double dEda1 = round(delta * 0.4, 4); // −0.0051
        assertThat(dEda1).isEqualTo(-0.0051);
        assertThat(a1 * (1 - a1)).isCloseTo(0.00049975, within(1e-15));
        double gw1 = dEda1 * a1 * (1 - a1) * 2; // −5.097e-6
        assertThat(round(gw1 * 1e6, 3)).isEqualTo(-5.097);
        assertThat(round(0.2 - eta * gw1, 8)).isEqualTo(0.20000051); // w1
        assertThat(truncate(0.6 - eta * delta * 0.5 * a2 * (1 - a2) * 2, 11)).isEqualTo(0.60002253753); // w2
        assertThat(truncate(0.7 - eta * delta * 0.9 * a3 * (1 - a3) * 9, 11)).isEqualTo(0.70001443866); // w6
    }

    @Test
    void textReadsLikeTheNotes() {
        String text = ExplanationRenderer.text(explainNotes());
        assertThat(text).contains("z₁⁽¹⁾ = 0.2·2 + 0.8·9 + 0.1 = 7.7");
        assertThat(text).contains("a₁⁽¹⁾ = σ(7.7) = 0.99954737778");
        assertThat(text).contains("z₂⁽¹⁾ = 0.6·2 + 0.3·9 + 0.1 = 4");
        assertThat(text).contains("∂E/∂out = -(target − out) = -(1 − 0.87970114938) = -0.12029885062");
        assertThat(text).contains("∂out/∂z = σ(z)(1 − σ(z)) = 0.87970114938·(1 − 0.87970114938) = 0.10582703716");
        assertThat(text).contains("δ₁⁽²⁾ = ∂E/∂out·∂out/∂z");
        assertThat(text).contains("w ← w − η·∂E/∂w");
        assertThat(text).contains("∂E/∂w = δ·a_prev");
        assertThat(text).contains("w₁,₁⁽²⁾ ← 0.4 − 0.1·(-0.012725108659) = 0.40127251087   (w7)");
        assertThat(text).contains("E = ½(1 − 0.87970114938)² = 0.0072359067301");
    }

    @Test
    void markdownUsesLatex() {
        String md = ExplanationRenderer.markdown(explainNotes());
        assertThat(md).contains("- $z_{1}^{(1)} = 0.2 \\cdot 2 + 0.8 \\cdot 9 + 0.1 = 7.7$");
        assertThat(md).contains("\\sigma(7.7) = 0.99954737778");
        assertThat(md).contains("\\frac{\\partial E}{\\partial \\text{out}}");
    }
}
