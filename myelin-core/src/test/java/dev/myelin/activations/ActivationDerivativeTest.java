package dev.myelin.activations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each activation's derivative against a central difference of its own forward, g'(z) ≈
 * (g(z + h) − g(z − h)) / 2h with h = 1e-6, on a grid z = −6.005, −5.995, …, 5.995 (steps of 0.01,
 * offset so that no point is within 5e-3 of the kink at 0). The check is shown to catch the classic
 * wrong tanh derivative 1 − a (instead of 1 − a²).
 */
class ActivationDerivativeTest {
    static final double H = 1e-6;
    static final double TOLERANCE = 1e-6; // rounding of g(z ± h) alone gives up to ~1e-6 where g' ≈ 1e-5 (tanh at |z| = 6)

    /** The worst |g'(z) − fd| / max(1e-8, |g'(z)| + |fd|) over the grid. */
    static double worstError(ElementwiseActivation g) {
        double worst = 0;
        for (int k = 0; k <= 1200; k++) {
            double z = -6.005 + 0.01 * k;
            double numeric = (g.apply(z + H) - g.apply(z - H)) / (2 * H);
            double analytic = g.derivative(z, g.apply(z));
            double err = Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
            worst = Math.max(worst, err);
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus"})
    void derivativeMatchesFiniteDifference(String name) {
        ElementwiseActivation g = (ElementwiseActivation) Activation.byName(name);
        assertThat(worstError(g)).as(name).isLessThan(TOLERANCE);
    }

    @Test
    void parameterizedVariants() {
        for (Activation a : List.of(Activation.leakyRelu(0.2), Activation.leakyRelu(0), Activation.elu(0.5),
                Activation.elu(2))) {
            assertThat(worstError((ElementwiseActivation) a)).as(a.name()).isLessThan(TOLERANCE);
        }
    }

    @Test
    void stepHasZeroDerivativeEverywhere() {
        ElementwiseActivation step = (ElementwiseActivation) Activation.STEP;
        for (double z : new double[] {-3, -1e-9, 0, 1e-9, 3}) {
            assertThat(step.derivative(z, step.apply(z))).isZero();
        }
        assertThat(step.apply(0)).isZero(); // the notes: output 0 if Σ w·x + b ≤ 0
        assertThat(step.apply(1e-300)).isEqualTo(1.0);
    }

    @Test
    void theCheckCatchesAWrongTanhDerivative() {
        ElementwiseActivation wrong = new ElementwiseActivation() {
            @Override
            public String name() {
                return "tanh";
            }

            @Override
            public double apply(double z) {
                return Math.tanh(z);
            }

            @Override
            public double derivative(double z, double a) {
                return 1 - a; // the bug: should be 1 − a²
            }
        };
        assertThat(worstError(wrong)).isGreaterThan(0.3);
        assertThat(worstError((ElementwiseActivation) Activation.TANH)).isLessThan(TOLERANCE);
    }

    @Test
    void softmaxBackwardIsTheJacobianProduct() {
        // ∂E/∂zᵢ for E = Σⱼ uⱼ·pⱼ(z) with a fixed upstream u, against central differences of the forward.
        Rng rng = new Rng(3);
        int rows = 4, n = 5;
        Matrix z = Matrix.zeros(rows, n, Precision.FLOAT64);
        Matrix u = Matrix.zeros(rows, n, Precision.FLOAT64);
        for (int i = 0; i < z.size(); i++) {
            z.set(i, rng.nextDouble() * 6 - 3);
            u.set(i, rng.nextDouble() * 2 - 1);
        }
        Matrix a = Matrix.zeros(rows, n, Precision.FLOAT64);
        Matrix gz = Matrix.zeros(rows, n, Precision.FLOAT64);
        Activation.SOFTMAX.forward(z, a);
        Activation.SOFTMAX.backward(z, a, u, gz);
        Matrix tmp = Matrix.zeros(rows, n, Precision.FLOAT64);
        for (int i = 0; i < z.size(); i++) {
            double orig = z.get(i);
            z.set(i, orig + H);
            Activation.SOFTMAX.forward(z, tmp);
            double plus = dot(tmp, u);
            z.set(i, orig - H);
            Activation.SOFTMAX.forward(z, tmp);
            double minus = dot(tmp, u);
            z.set(i, orig);
            double numeric = (plus - minus) / (2 * H);
            assertThat(Math.abs(gz.get(i) - numeric) / Math.max(1e-8, Math.abs(gz.get(i)) + Math.abs(numeric)))
                    .as("softmax ∂E/∂z[%d]", i).isLessThan(1e-7);
        }
    }

    private static double dot(Matrix a, Matrix b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i) * b.get(i);
        }
        return s;
    }
}
