package dev.myelin.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/** {@link Explainer#forward}: inputs without a target give the forward numbers alone, from the layers' own pass. */
class ForwardOnlyExplainTest {
    static Explanation forwardNotes() {
        Network net = Network.fromJson(NotesWorkedExampleTest.NOTES_NETWORK, Precision.FLOAT32);
        return Explainer.forward(net, new double[][] {{2, 9}, {1, 0}});
    }

    @Test
    void theForwardNumbersAreTheNotes() {
        Explanation e = forwardNotes();
        assertThat(e.forwardOnly()).isTrue();
        Explanation.Step s = e.steps().get(0);
        assertThat(s.y()).isNull();
        Explanation.LayerStep hidden = s.layers().get(0);
        assertThat(hidden.z()[0]).containsExactly(new double[] {7.7, 4.0, 6.6}, within(1e-6));
        // the second example, x = (1, 0): z = w_1j + b_j
        assertThat(hidden.z()[1]).containsExactly(new double[] {0.3, 0.7, 0.2}, within(1e-6));
        assertThat(hidden.delta()).isNull();
        assertThat(hidden.weightGradients()).isNull();
        double out = s.outputs()[0][0];
        double a1 = 1 / (1 + Math.exp(-7.7)), a2 = 1 / (1 + Math.exp(-4.0)), a3 = 1 / (1 + Math.exp(-6.6));
        assertThat(out).isCloseTo(1 / (1 + Math.exp(-(0.4 * a1 + 0.5 * a2 + 0.9 * a3 + 0.2))), within(1e-6));
    }

    @Test
    void theTextSaysWhyThereIsNoLossBackwardOrUpdate() {
        String text = ExplanationRenderer.text(forwardNotes());
        assertThat(text).contains("Forward pass of 2 examples")
                .contains("no target was given, so there is no loss, backward pass or update")
                .contains("example 1: x = (2, 9)\n").contains("z₁⁽¹⁾ = 0.2·2 + 0.8·9 + 0.1 = 7.7")
                .doesNotContain("target =").doesNotContain("Loss").doesNotContain("Backward").doesNotContain("Update");
        String json = ExplanationJson.write(forwardNotes());
        assertThat(json).contains("\"outputs\"").doesNotContain("\"loss\"").doesNotContain("delta");
    }

    @Test
    void inputsOfTheWrongWidthAreNamed() {
        Network net = Network.fromJson(NotesWorkedExampleTest.NOTES_NETWORK, Precision.FLOAT64);
        assertThatThrownBy(() -> Explainer.forward(net, new double[][] {{1, 2, 3}}))
                .hasMessage("example 1 has 3 input values but the network expects 2");
    }
}
