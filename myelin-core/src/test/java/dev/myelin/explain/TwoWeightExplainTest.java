package dev.myelin.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code explain} on the notes' two-weight example as shipped in {@code examples/two-weight.json}
 * (notes 004: x = (0.50, 0.51), w = (0.35, 0.40), no bias, sigmoid, y = 0.10, J = ½(y − ŷ)², η = 1):
 * the notes' Σ = 0.38, ŷ = 0.59, J = 0.12, ∂J/∂ŷ = 0.49, ∂ŷ/∂Σ = 0.24 and w' = (0.29, 0.34) (the
 * gradients are 0.0595 and 0.0607, see {@code TwoWeightExampleTest} for the notes' slip), with no bias
 * anywhere in the numbers or the text.
 */
class TwoWeightExplainTest {
    static Explanation explainExample() throws Exception {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("examples/two-weight.json");
        Network net = Network.fromJson(Files.readString(file), Precision.FLOAT64);
        return Explainer.explain(net, new double[][] {{0.50, 0.51}}, new double[][] {{0.10}}, Loss.HALF_SSE, new Sgd(1), 1);
    }

    @Test
    void theNumbersAreTheNotes() throws Exception {
        Explanation e = explainExample();
        Explanation.LayerStep l = e.steps().get(0).layers().get(0);
        assertThat(l.hasBias()).isFalse();
        assertThat(l.bias()).isNull();
        assertThat(l.biasGradients()).isNull();
        assertThat(l.z()[0][0]).isCloseTo(0.379, within(1e-15));
        assertThat(Numbers.format(l.a()[0][0])).startsWith("0.59");
        assertThat(NotesWorkedExampleTest.round(e.steps().get(0).loss(), 2)).isEqualTo(0.12);
        assertThat(NotesWorkedExampleTest.round(l.gradA()[0][0], 2)).isEqualTo(0.49);
        assertThat(NotesWorkedExampleTest.round(l.derivative()[0][0], 2)).isEqualTo(0.24);
        assertThat(l.weightGradients()[0][0]).isCloseTo(0.0595401681, within(1e-10));
        assertThat(l.weightGradients()[1][0]).isCloseTo(0.0607309715, within(1e-10));
        assertThat(NotesWorkedExampleTest.round(l.weightsAfter()[0][0], 2)).isEqualTo(0.29);
        assertThat(NotesWorkedExampleTest.round(l.weightsAfter()[1][0], 2)).isEqualTo(0.34);
    }

    @Test
    void theTextHasNoBias() throws Exception {
        String text = ExplanationRenderer.text(explainExample());
        assertThat(text).contains("layer 1: dense 2→1, sigmoid, no bias (output)")
                .contains("z₁⁽¹⁾ = 0.35·0.5 + 0.4·0.51 = 0.379")
                .doesNotContain("b₁").doesNotContain("∂E/∂b");
        String json = ExplanationJson.write(explainExample());
        assertThat(json).doesNotContain("bias_gradients").contains("\"bias\" : false");
    }
}
