package dev.myelin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.perceptron.Perceptron;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

/**
 * Perceptrons in the notes: the cheese-festival decision of notes 003 (w = (6, 2, 2), thresholds 5 and 3),
 * the perceptron rule on AND and OR (linearly separable: it converges) and XOR (not separable: it never
 * does), and notes 001's two-layer XOR built by hand from OR and AND units with step activations:
 * XOR(x₁, x₂) = OR(x₁, x₂) AND NOT AND(x₁, x₂).
 */
class PerceptronNotesTest {
    static final double[][] BINARY = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};

    @Test
    void cheeseFestivalWithThresholdFive() {
        // x1 weather good, x2 going with a friend, x3 easy commute. Σ wx > 5 only if the weather is good.
        Perceptron p = Perceptron.withThreshold(new double[] {6, 2, 2}, 5);
        assertThat(p.bias()).isEqualTo(-5.0);
        for (int m = 0; m < 8; m++) {
            double[] x = {m >> 2 & 1, m >> 1 & 1, m & 1};
            assertThat(p.predict(x)).as("x = (%s, %s, %s)", x[0], x[1], x[2]).isEqualTo((int) x[0]);
        }
        assertThat(p.weightedSum(new double[] {0, 1, 1})).isEqualTo(-1.0); // 2 + 2 − 5: stay home
        assertThat(p.weightedSum(new double[] {1, 0, 0})).isEqualTo(1.0); // 6 − 5: go
    }

    @Test
    void cheeseFestivalWithThresholdThree() {
        // Now good weather alone suffices, or a friend together with an easy commute (2 + 2 = 4 > 3).
        Perceptron p = Perceptron.withThreshold(new double[] {6, 2, 2}, 3);
        int[] expected = new int[8];
        for (int m = 0; m < 8; m++) {
            double[] x = {m >> 2 & 1, m >> 1 & 1, m & 1};
            expected[m] = x[0] == 1 || (x[1] == 1 && x[2] == 1) ? 1 : 0;
            assertThat(p.predict(x)).as("x = (%s, %s, %s)", x[0], x[1], x[2]).isEqualTo(expected[m]);
        }
        assertThat(expected).containsExactly(0, 0, 0, 1, 1, 1, 1, 1);
        // A threshold equal to the sum does not fire: Σ w·x ≤ threshold gives 0.
        assertThat(Perceptron.withThreshold(new double[] {6, 2, 2}, 4).predict(new double[] {0, 1, 1})).isZero();
    }

    @Test
    void perceptronRuleLearnsAndAndOr() {
        Perceptron and = new Perceptron(2);
        Perceptron.Result r = and.train(BINARY, new int[] {0, 0, 0, 1}, 1.0, 100);
        assertThat(r.converged()).isTrue();
        // Traced by hand (η = 1, start at 0, examples in the order 00, 01, 10, 11): 1, 3, 3, 2, 1 mistakes, then none.
        assertThat(r.mistakesPerEpoch()).containsExactly(1, 3, 3, 2, 1, 0);
        assertThat(and.weights()).containsExactly(2.0, 1.0);
        assertThat(and.bias()).isEqualTo(-2.0);
        for (int i = 0; i < 4; i++) {
            assertThat(and.predict(BINARY[i])).isEqualTo(i == 3 ? 1 : 0);
        }
        Perceptron or = new Perceptron(2);
        Perceptron.Result ro = or.train(BINARY, new int[] {0, 1, 1, 1}, 1.0, 100);
        assertThat(ro.converged()).isTrue();
        assertThat(ro.mistakesPerEpoch()).containsExactly(1, 2, 1, 0);
        assertThat(or.weights()).containsExactly(1.0, 1.0);
        assertThat(or.bias()).isEqualTo(0.0);
        for (int i = 0; i < 4; i++) {
            assertThat(or.predict(BINARY[i])).isEqualTo(i == 0 ? 0 : 1);
        }
    }

    @Test
    void perceptronRuleNeverLearnsXor() {
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.train(BINARY, new int[] {0, 1, 1, 0}, 1.0, 1000);
        assertThat(r.converged()).isFalse();
        assertThat(r.epochs()).isEqualTo(1000);
        // Every epoch has at least one mistake: no line separates XOR.
        assertThat(r.mistakesPerEpoch()).hasSize(1000).doesNotContain(0);
        int correct = 0;
        for (int i = 0; i < 4; i++) {
            correct += p.predict(BINARY[i]) == new int[] {0, 1, 1, 0}[i] ? 1 : 0;
        }
        assertThat(correct).isLessThan(4);
    }

    /** OR = step(x₁ + x₂ − 0.5), AND = step(x₁ + x₂ − 1.5), XOR = step(OR − AND − 0.5). */
    static Network xorNetwork() {
        return Network.builder(2)
                .dense(new double[][] {{1, 1}, {1, 1}}, new double[] {-0.5, -1.5}, Activation.STEP)
                .dense(new double[][] {{1}, {-1}}, new double[] {-0.5}, Activation.STEP)
                .precision(Precision.FLOAT64).build();
    }

    @Test
    void handBuiltXorNetworkWithStepActivations() {
        Network net = xorNetwork();
        double[][] out = net.predict(BINARY);
        assertThat(out).isDeepEqualTo(new double[][] {{0}, {1}, {1}, {0}});
        // The hidden layer maps the inputs to the notes' new coordinates (OR, AND).
        net.forward(Matrix.of(BINARY, Precision.FLOAT64), false);
        assertThat(((dev.myelin.layers.Dense) net.layers().get(0)).lastOutput().toArray())
                .isDeepEqualTo(new double[][] {{0, 0}, {1, 0}, {1, 0}, {1, 1}});
    }

    @Test
    void stepNetworkHasZeroGradient() {
        // The notes' "disadvantage no. 1": the step's derivative is 0, so backpropagation moves nothing.
        Network net = xorNetwork();
        double loss = net.computeGradients(Matrix.of(BINARY, Precision.FLOAT64),
                Matrix.of(new double[][] {{1}, {0}, {0}, {1}}, Precision.FLOAT64), Loss.MSE);
        assertThat(loss).isEqualTo(1.0);
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                assertThat(p.grad().get(i)).as(p.name()).isEqualTo(0.0);
            }
        }
    }
}
