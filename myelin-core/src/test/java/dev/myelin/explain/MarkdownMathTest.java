package dev.myelin.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Momentum;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code explain --format markdown} renders on GitHub and with KaTeX: every formula is inside
 * {@code $…$} or {@code $$…$$}, the dollars balance on every line, and outside math (and code spans)
 * there is no TeX command, no {@code ^} and no {@code _}; inside {@code \text{…}} (TeX's text mode)
 * there is no bare {@code _}, {@code ^} or {@code \cdot}, which text mode rejects. Checked on the
 * notes' example, a batch with Adam, momentum, the bias-free two-weight network, softmax with
 * cross-entropy, leaky_relu, and a forward pass alone.
 */
class MarkdownMathTest {
    private static final Pattern TEX_COMMAND = Pattern.compile("\\\\[A-Za-z]+");

    static List<String> explanations() throws Exception {
        List<String> out = new ArrayList<>();
        out.add(ExplanationRenderer.markdown(NotesWorkedExampleTest.explainNotes()));
        out.add(ExplanationRenderer.markdown(TwoWeightExplainTest.explainExample()));
        Network notes = Network.fromJson(NotesWorkedExampleTest.NOTES_NETWORK, Precision.FLOAT64);
        double[][] x = {{2, 9}, {5, 3}};
        out.add(ExplanationRenderer.markdown(Explainer.explain(notes, x, new double[][] {{1}, {0}}, Loss.BINARY_CROSS_ENTROPY,
                new Adam(0.01), 5)));
        out.add(ExplanationRenderer.markdown(Explainer.explain(notes, x, new double[][] {{1}, {0}}, Loss.HALF_SSE,
                new Momentum(0.1, 0.9), 2)));
        Network softmax = Network.fromJson("""
                {"format": "myelin.network", "version": 1, "inputs": 2, "layers": [
                  {"type": "dense", "units": 3, "activation": "leaky_relu", "weights": [[0.2, -0.6, 0.1], [0.8, 0.3, -0.7]]},
                  {"type": "dense", "units": 2, "activation": "softmax", "weights": [[0.4, 0.1], [0.5, -0.2], [0.9, 0.3]],
                   "bias": false}]}""", Precision.FLOAT64);
        out.add(ExplanationRenderer.markdown(Explainer.explain(softmax, x, new double[][] {{1, 0}, {0, 1}},
                Loss.CATEGORICAL_CROSS_ENTROPY, new Sgd(0.5), 1)));
        out.add(ExplanationRenderer.markdown(Explainer.explain(softmax, x, new double[][] {{1, 0}, {0, 1}}, Loss.MSE,
                new Sgd(0.5), 1)));
        out.add(ExplanationRenderer.markdown(Explainer.forward(notes, x)));
        return out;
    }

    @Test
    void everyFormulaIsInsideMathDelimiters() throws Exception {
        for (String md : explanations()) {
            assertThat(md).contains("$");
            for (String line : md.split("\n")) {
                checkLine(line);
            }
        }
    }

    @Test
    void theCheckCatchesTexOutsideMath() {
        for (String bad : List.of("- $z = 1$ (\\eta = 0.1)", "- loss half_sse", "- $a$ x^2", "- $a = 1", "- $\\text{a_b}$",
                "- $\\text{w \\cdot x}$")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> checkLine(bad)).as(bad).isInstanceOf(AssertionError.class);
        }
        checkLine("- $\\frac{\\partial E}{\\partial w_{1}} = 0.5$ (w1; `exp_avg` = 0.1)");
    }

    /** Fails unless the line's math is delimited and nothing TeX-like is outside it. */
    static void checkLine(String line) {
        String noCode = line.replaceAll("`[^`]*`", "");
        StringBuilder outside = new StringBuilder();
        List<String> maths = new ArrayList<>();
        int i = 0;
        while (i < noCode.length()) {
            boolean display = noCode.startsWith("$$", i);
            String delim = display ? "$$" : "$";
            if (noCode.charAt(i) == '$') {
                int end = noCode.indexOf(delim, i + delim.length());
                assertThat(end).as("unclosed %s in: %s", delim, line).isGreaterThan(i);
                String math = noCode.substring(i + delim.length(), end);
                assertThat(math).as("math in: %s", line).isNotBlank();
                assertThat(math.charAt(0)).as("space after the opening $ in: %s", line).isNotEqualTo(' ');
                assertThat(math.charAt(math.length() - 1)).as("space before the closing $ in: %s", line).isNotEqualTo(' ');
                maths.add(math);
                i = end + delim.length();
            } else {
                outside.append(noCode.charAt(i++));
            }
        }
        String words = outside.toString();
        assertThat(TEX_COMMAND.matcher(words).find()).as("a TeX command outside math in: %s", line).isFalse();
        assertThat(words).as("^ or _ outside math in: %s", line).doesNotContain("^").doesNotContain("_");
        for (String math : maths) {
            var text = Pattern.compile("\\\\text\\{([^}]*)}").matcher(math);
            while (text.find()) {
                String t = text.group(1).replace("\\_", "");
                assertThat(t).as("text mode in: %s", line).doesNotContain("_").doesNotContain("^").doesNotContain("\\");
            }
        }
    }
}
