package dev.myelin.losses;

import static dev.myelin.gradcheck.Golden.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.activations.Activation;
import dev.myelin.gradcheck.Golden;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss's value and gradient against PyTorch in float64 ({@code tools/golden/activations_losses.py}),
 * to 1e-12 relative: {@code MSELoss}; half_sse = ½Σ(a − y)²/N; {@code BCELoss}; {@code BCEWithLogitsLoss}
 * for the fused sigmoid form; {@code CrossEntropyLoss} (one-hot and probability targets) for the fused
 * softmax form; −(1/N)Σ y·ln p on given probabilities for the plain categorical cross-entropy. The
 * fused cases include saturated logits ±1000, which must stay finite.
 *
 * <p>For fused losses PyTorch differentiates with respect to the logits z; Myelin's
 * {@code fusedGradient} takes the output a = σ(z) or softmax(z) and gives ∂E/∂z = (a − y)/N, so the
 * test feeds it the activation of the golden logits.
 */
class LossGoldenTest {
    static final double REL = 1e-12;

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        Golden.load("activations_losses.json").get("losses").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    void valueAndGradient(JsonNode c) {
        String[] name = c.get("loss").asText().split("/");
        Loss loss = Loss.byName(name[0]);
        Matrix input = Golden.matrix(c.get("input"));
        Matrix target = Golden.matrix(c.get("target"));
        Matrix grad = Matrix.zeros(input.rows(), input.cols(), Precision.FLOAT64);
        double value;
        if (name.length > 1) {
            Activation act = loss == Loss.BINARY_CROSS_ENTROPY ? Activation.SIGMOID : Activation.SOFTMAX;
            assertThat(loss.fusesWith(act)).isTrue();
            Matrix a = Matrix.zeros(input.rows(), input.cols(), Precision.FLOAT64);
            act.forward(input, a);
            value = loss.fusedValue(input, target);
            loss.fusedGradient(a, target, grad);
        } else {
            value = loss.value(input, target);
            loss.gradient(input, target, grad);
        }
        assertThat(Double.isFinite(value)).isTrue();
        assertThat(grad.allFinite()).isTrue();
        assertClose(c.get("loss").asText() + " value", value, c.get("value").doubleValue(), REL);
        assertClose(c.get("loss").asText() + " gradient", grad, c.get("gradient"), REL);
    }
}
