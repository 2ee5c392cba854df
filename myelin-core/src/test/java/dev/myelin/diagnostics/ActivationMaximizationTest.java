package dev.myelin.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

class ActivationMaximizationTest {
    static Network net() {
        return Network.builder(6).dense(5, Activation.SIGMOID).dense(4, Activation.TANH).dense(3, Activation.SOFTMAX).seed(11)
                .precision(Precision.FLOAT64).build();
    }

    @Test
    void firstLayerUnitConvergesToTheScaledWeightVector() {
        // z = w·x + b is largest on the ball ‖x‖ ≤ ρ at x* = ρ·w/‖w‖ (and σ is increasing).
        Network net = net();
        double rho = 2;
        ActivationMaximization.Result r = ActivationMaximization.maximize(net, 0, 3,
                new ActivationMaximization.Options(rho, 0.05, 400, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 1));
        Matrix w = ((Dense) net.layers().get(0)).weights();
        double norm = 0;
        for (int i = 0; i < 6; i++) {
            norm += w.get(i, 3) * w.get(i, 3);
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < 6; i++) {
            assertThat(r.input()[i]).isCloseTo(rho * w.get(i, 3) / norm, within(1e-2));
        }
        double zStar = rho * norm + ((Dense) net.layers().get(0)).bias().get(0, 3);
        assertThat(r.value()).isCloseTo(1 / (1 + Math.exp(-zStar)), within(1e-5));
        assertThat(r.value()).isGreaterThan(r.initialValue());
    }

    @Test
    void hiddenAndOutputUnitsGoUpAndStayInTheBallAndBox() {
        Network net = net();
        ActivationMaximization.Options o = ActivationMaximization.Options.withRadius(3).box(-1, 1);
        ActivationMaximization.Result hidden = ActivationMaximization.maximize(net, 1, 2, o);
        assertThat(hidden.value()).isGreaterThan(hidden.initialValue());
        ActivationMaximization.Result logit = ActivationMaximization.maximize(net, 2, 0, o.preActivation(true));
        assertThat(logit.value()).isGreaterThan(logit.initialValue());
        for (ActivationMaximization.Result r : new ActivationMaximization.Result[] {hidden, logit}) {
            double n2 = 0;
            for (double v : r.input()) {
                assertThat(v).isBetween(-1.0, 1.0);
                n2 += v * v;
            }
            assertThat(Math.sqrt(n2)).isLessThanOrEqualTo(3 + 1e-12);
        }
        // no random search beats it: 2,000 random points in the same set give a lower activation
        dev.myelin.init.Rng rng = new dev.myelin.init.Rng(9);
        double best = Double.NEGATIVE_INFINITY;
        double[][] xs = new double[2000][6];
        for (double[] x : xs) {
            for (int i = 0; i < 6; i++) {
                x[i] = 2 * rng.nextDouble() - 1;
            }
        }
        Matrix a = TopActivations.activations(net, 1, Matrix.of(xs, Precision.FLOAT64), false);
        for (int r = 0; r < a.rows(); r++) {
            best = Math.max(best, a.get(r, 2));
        }
        assertThat(hidden.value()).isGreaterThanOrEqualTo(best);
    }

    @Test
    void topActivationsRankTheExamplesByTheUnit() {
        Network net = net();
        dev.myelin.init.Rng rng = new dev.myelin.init.Rng(4);
        double[][] xs = new double[50][6];
        for (double[] x : xs) {
            for (int i = 0; i < 6; i++) {
                x[i] = rng.nextGaussian();
            }
        }
        Matrix x = Matrix.of(xs, Precision.FLOAT64);
        TopActivations.Top top = TopActivations.top(net, 1, 1, x, 5, false);
        assertThat(top.indices()).hasSize(5);
        double[][] all = net.copy().layers().isEmpty() ? null : TopActivations.activations(net, 1, x, false).toArray();
        int argmax = 0;
        for (int r = 1; r < 50; r++) {
            if (all[r][1] > all[argmax][1]) {
                argmax = r;
            }
        }
        assertThat(top.indices()[0]).isEqualTo(argmax);
        for (int i = 1; i < 5; i++) {
            assertThat(top.values()[i]).isLessThanOrEqualTo(top.values()[i - 1]);
        }
    }
}
