package dev.myelin.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.layers.Dense;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds {@link Explainer} to PyTorch: tools/golden/explain.py ran N float64 training steps on a random
 * small network per optimizer (autograd for δ = ∂E/∂z via retain_grad, torch.optim for the update)
 * and recorded every z, a, δ, gradient and the final weights; every one must agree to 1e-12 relative.
 * The first step's gradients are also held to the engine's {@link Network#computeGradients}.
 */
class ExplainGoldenTest {
    static final double REL = 1e-12;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode golden(String optimizer) throws IOException {
        try (InputStream in = ExplainGoldenTest.class.getResourceAsStream("/golden/explain_" + optimizer + ".json")) {
            assertThat(in).as("golden file for " + optimizer).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    static double[][] matrix(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < n.size(); i++) {
            m[i] = vector(n.get(i));
        }
        return m;
    }

    static double[] vector(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < n.size(); i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    /** |actual − expected| ≤ 1e-12·max(|expected|, 1e-300)... with a floor for values that are 0 up to rounding. */
    static void close(String what, double actual, double expected, double scale) {
        double tol = REL * Math.max(Math.abs(expected), 1e-4 * scale);
        assertThat(Math.abs(actual - expected)).as(what + ": " + actual + " vs torch " + expected).isLessThanOrEqualTo(tol);
    }

    static void close(String what, double[][] actual, JsonNode expected) {
        double[][] e = matrix(expected);
        assertThat(actual.length).as(what + " rows").isEqualTo(e.length);
        double scale = 0;
        for (double[] row : e) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int i = 0; i < e.length; i++) {
            assertThat(actual[i].length).as(what + " columns").isEqualTo(e[i].length);
            for (int j = 0; j < e[i].length; j++) {
                close(what + "[" + i + "][" + j + "]", actual[i][j], e[i][j], scale);
            }
        }
    }

    static Explanation run(JsonNode g) {
        Network net = Network.fromJson(g.get("initial_network").toString(), Precision.FLOAT64);
        return Explainer.explain(net, matrix(g.get("x")), matrix(g.get("y")), Loss.byName(g.get("loss_name").asText()),
                Optimizers.create(g.get("optimizer").asText(), g.get("learning_rate").asDouble()), g.get("steps").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "adam", "adagrad", "rmsprop", "adadelta"})
    void everyNumberAgreesWithPyTorch(String optimizer) throws IOException {
        JsonNode g = golden(optimizer);
        Explanation e = run(g);
        assertThat(e.steps()).hasSize(g.get("steps").size());
        for (int s = 0; s < e.steps().size(); s++) {
            Explanation.Step step = e.steps().get(s);
            JsonNode gs = g.get("steps").get(s);
            String at = optimizer + " step " + (s + 1);
            close(at + " loss", step.loss(), gs.get("loss").asDouble(), Math.abs(gs.get("loss").asDouble()));
            close(at + " outputs", step.outputs(), gs.get("outputs"));
            for (int l = 0; l < step.layers().size(); l++) {
                Explanation.LayerStep ls = step.layers().get(l);
                JsonNode gl = gs.get("layers").get(l);
                String where = at + " layer " + l;
                close(where + " z", ls.z(), gl.get("z"));
                close(where + " a", ls.a(), gl.get("a"));
                close(where + " delta", ls.delta(), gl.get("delta"));
                close(where + " weight_gradients", ls.weightGradients(), gl.get("weight_gradients"));
                close(where + " bias_gradients", new double[][] {ls.biasGradients()}, MAPPER.createArrayNode().add(gl.get("bias_gradients")));
            }
        }
        JsonNode after = g.get("network").get("layers");
        for (int l = 0; l < after.size(); l++) {
            Dense d = (Dense) e.network().layers().get(l);
            close(optimizer + " updated weights " + l, d.weights().toArray(), after.get(l).get("weights"));
            close(optimizer + " updated bias " + l, d.bias().toArray(), MAPPER.createArrayNode().add(after.get(l).get("bias")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam", "adagrad"})
    void firstStepGradientsEqualTheEngines(String optimizer) throws IOException {
        JsonNode g = golden(optimizer);
        Explanation e = run(g);
        Network net = Network.fromJson(g.get("initial_network").toString(), Precision.FLOAT64);
        double loss = net.computeGradients(Matrix.of(matrix(g.get("x")), Precision.FLOAT64),
                Matrix.of(matrix(g.get("y")), Precision.FLOAT64), Loss.byName(g.get("loss_name").asText()));
        Explanation.Step first = e.steps().get(0);
        close("engine loss", first.loss(), loss, Math.abs(loss));
        for (int l = 0; l < net.layers().size(); l++) {
            Dense d = (Dense) net.layers().get(l);
            close("engine weight gradient " + l, first.layers().get(l).weightGradients(),
                    MAPPER.valueToTree(d.weightParameter().grad().toArray()));
            close("engine delta " + l, first.layers().get(l).delta(), MAPPER.valueToTree(d.lastDelta().toArray()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adadelta"})
    void jsonOutputHasTheIssuesShape(String optimizer) throws IOException {
        JsonNode g = golden(optimizer);
        Explanation e = run(g);
        JsonNode out = MAPPER.readTree(ExplanationJson.write(e));
        assertThat(out.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("steps", "network");
        JsonNode step = out.get("steps").get(0);
        assertThat(step.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("loss", "outputs", "layers");
        assertThat(step.get("layers").get(0).properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("z", "a", "delta", "weight_gradients", "bias_gradients");
        for (int s = 0; s < out.get("steps").size(); s++) {
            close("json loss " + s, out.get("steps").get(s).get("loss").asDouble(), g.get("steps").get(s).get("loss").asDouble(),
                    1);
        }
        // the "network" member is the updated network in the JSON network format, and reads back
        Network back = Network.fromJson(out.get("network").toString(), Precision.FLOAT64);
        close("json network", ((Dense) back.layers().get(0)).weights().toArray(), g.get("network").get("layers").get(0).get("weights"));
    }
}
