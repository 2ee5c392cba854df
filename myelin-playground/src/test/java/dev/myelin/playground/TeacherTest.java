package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.explain.Explainer;
import dev.myelin.explain.Explanation;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import org.junit.jupiter.api.Test;

/** The teaching mode's numbers: the notes' values by hand, and exactly those of the explain engine. */
class TeacherTest {
    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void theOddEvenPresetGivesTheNotesForwardPassAndTheHandUpdate() {
        JsonNode t = Teacher.preset("odd-even", false, 1, "sgd");
        // notes 000: a1 = σ(0.2·2 + 0.8·9 + 0.1) = σ(7.7), ŷ = σ(0.4·a1 + 0.5·a2 + 0.9·a3 + 0.2) ≈ 0.8796
        double a1 = sigmoid(7.7), a2 = sigmoid(4.0), a3 = sigmoid(6.6);
        double yhat = sigmoid(0.4 * a1 + 0.5 * a2 + 0.9 * a3 + 0.2);
        assertThat(t.get("layers").get(0).get("a").get(0).get(0).asDouble()).isCloseTo(a1, within(1e-15));
        assertThat(t.get("layers").get(1).get("a").get(0).get(0).asDouble()).isCloseTo(yhat, within(1e-15));
        // the notes print σ(1.9895) = 0.8796, truncating 0.87967 (see OddEvenNetworkTest)
        assertThat(yhat).isCloseTo(0.8796, within(2e-4));
        assertThat(t.get("E").asDouble()).isCloseTo(0.5 * (1 - yhat) * (1 - yhat), within(1e-15));
        // δ = (ŷ − y)·ŷ(1 − ŷ); new w7 = 0.4 − 0.1·δ·a1
        double delta = (yhat - 1) * yhat * (1 - yhat);
        assertThat(t.get("layers").get(1).get("delta").get(0).get(0).asDouble()).isCloseTo(delta, within(1e-15));
        assertThat(t.get("layers").get(1).get("wAfter").get(0).get(0).asDouble()).isCloseTo(0.4 - 0.1 * delta * a1,
                within(1e-15));
        // the hidden unit 1: ∂E/∂a1 = δ·w7, g'(z) = a1(1 − a1), new w1 = 0.2 − 0.1·δ1·x1
        double d1 = delta * 0.4 * a1 * (1 - a1);
        assertThat(t.get("layers").get(0).get("gradA").get(0).get(0).asDouble()).isCloseTo(delta * 0.4, within(1e-15));
        assertThat(t.get("layers").get(0).get("derivative").get(0).get(0).asDouble()).isCloseTo(a1 * (1 - a1), within(1e-15));
        assertThat(t.get("layers").get(0).get("wAfter").get(0).get(0).asDouble()).isCloseTo(0.2 - 0.1 * d1 * 2, within(1e-15));
        assertThat(t.get("command").asText()).isEqualTo(
                "./myelin explain --network examples/notes.json --input \"2,9\" --target 1 --loss half_sse --lr 0.1");
    }

    @Test
    void everyPresetAndOptimizerEqualsTheExplainEngineBitForBit() {
        for (String name : TeachingPresets.NAMES) {
            for (String opt : new String[] {"sgd", "adam", "rmsprop"}) {
                for (boolean batch : new boolean[] {false, true}) {
                    TeachingPresets p = TeachingPresets.byName(name);
                    double[][] x = batch ? p.x() : new double[][] {p.x()[0]};
                    double[][] y = batch ? p.y() : new double[][] {p.y()[0]};
                    Explanation e = Explainer.explain(p.network(), x, y, Loss.byName(p.loss()),
                            Optimizers.create(opt, p.learningRate()), 3);
                    JsonNode t = Teacher.preset(name, batch, 3, opt);
                    Explanation.Step s = e.steps().getLast();
                    for (int l = 0; l < s.layers().size(); l++) {
                        Explanation.LayerStep ls = s.layers().get(l);
                        JsonNode tl = t.get("layers").get(l);
                        for (int i = 0; i < ls.inputs(); i++) {
                            for (int j = 0; j < ls.units(); j++) {
                                assertThat(tl.get("wAfter").get(i).get(j).asDouble()).isEqualTo(ls.weightsAfter()[i][j]);
                                assertThat(tl.get("gradW").get(i).get(j).asDouble()).isEqualTo(ls.weightGradients()[i][j]);
                            }
                        }
                        assertThat(tl.get("slots")).hasSize(ls.state().size());
                    }
                    assertThat(t.get("E").asDouble()).isEqualTo(s.loss());
                }
            }
        }
    }

    @Test
    void aStepOnTheSessionsNetworkIsAppliedToIt() throws Exception {
        Session s = new Session("t", SessionTest.config("{\"layers\":[{\"units\":3}],\"learningRate\":0.1}"));
        double before = s.network().parameters().getFirst().value().get(0, 0);
        JsonNode t = Teacher.session(s, false, 4);
        double after = t.get("layers").get(0).get("wAfter").get(0).get(0).asDouble();
        assertThat(after).isNotEqualTo(before);
        assertThat(s.network().parameters().getFirst().value().get(0, 0)).isEqualTo(after);
        assertThat(t.get("layers").get(0).get("w").get(0).get(0).asDouble()).isEqualTo(before);
        assertThat(after - before).isCloseTo(-0.1 * t.get("layers").get(0).get("gradW").get(0).get(0).asDouble(),
                within(1e-15));
        JsonNode b = Teacher.session(s, true, 0);
        assertThat(b.get("x")).hasSize(s.config().batch());
    }

    @Test
    void teachingStepsKeepOneOptimizerStateLikeExplainOverThreeSteps() throws Exception {
        for (String opt : new String[] {"adam", "momentum", "rmsprop"}) {
            Session s = new Session("t", SessionTest.config("{\"layers\":[{\"units\":3},{\"units\":2}],\"optimizer\":\""
                    + opt + "\",\"learningRate\":0.05,\"regularization\":\"l2\",\"regularizationRate\":0.01}"));
            dev.myelin.Network start = s.network().copy();
            dev.myelin.data.Dataset one = s.data().train.select(new int[] {4});
            // the core's explain engine: three steps on one example, one OptimizerState throughout
            Explanation e = Explainer.explain(start, one.x().toArray(), one.y().toArray(), s.loss(),
                    SessionSetup.optimizer(s.config()), 3);
            JsonNode t = null;
            for (int k = 1; k <= 3; k++) {
                t = Teacher.session(s, false, 4);
                assertThat(t.get("t").asLong()).isEqualTo(k);
                Explanation.Step st = e.steps().get(k - 1);
                // step k's numbers: the same weights before it, the same gradient, the same slots and weights after it
                for (int l = 0; l < st.layers().size(); l++) {
                    Explanation.LayerStep ls = st.layers().get(l);
                    JsonNode tl = t.get("layers").get(l);
                    for (int i = 0; i < ls.inputs(); i++) {
                        for (int j = 0; j < ls.units(); j++) {
                            assertThat(tl.get("w").get(i).get(j).asDouble()).isEqualTo(ls.weights()[i][j]);
                            assertThat(tl.get("gradW").get(i).get(j).asDouble()).isEqualTo(ls.weightGradients()[i][j]);
                            assertThat(tl.get("wAfter").get(i).get(j).asDouble()).isEqualTo(ls.weightsAfter()[i][j]);
                            for (int k2 = 0; k2 < ls.state().size(); k2++) {
                                assertThat(tl.get("slots").get(k2).get("w").get(i).get(j).asDouble()).as(opt + " slot " + k2)
                                        .isEqualTo(ls.state().get(k2).weights()[i][j]);
                            }
                        }
                    }
                    for (int j = 0; j < ls.units(); j++) {
                        assertThat(tl.get("bAfter").get(j).asDouble()).isEqualTo(ls.biasAfter()[j]);
                    }
                }
            }
            // the slots carried over: step 3's slots are explain's third step's, not a fresh first step's
            assertThat(t.get("layers").get(0).get("slots")).hasSize(e.steps().get(0).layers().get(0).state().size());
            assertThat(t.get("finalLoss").asDouble()).isEqualTo(e.finalLoss());
            // and the session's weights are explain's after three steps
            double[][] w = s.network().layers().get(0).parameters().get(0).value().toArray();
            assertThat(w).isDeepEqualTo(e.steps().getLast().layers().get(0).weightsAfter());
        }
    }
}
