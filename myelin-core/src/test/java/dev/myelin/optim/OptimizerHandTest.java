package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The first three steps of every optimizer on a two-element weight w₀ = (0.5, −1.0) with fixed
 * gradients g₁ = (0.2, −0.4), g₂ = (−0.1, 0.3), g₃ = (0.05, 0.1), against the formula unrolled by
 * hand: every expected number below is written as the arithmetic of the documented update, with
 * the intermediate values (moments, accumulators) spelled out, not computed by a loop.
 */
class OptimizerHandTest {
    static final double[][] G = {{0.2, -0.4}, {-0.1, 0.3}, {0.05, 0.1}};

    /** w after each of the three steps (rows: steps, columns: elements). */
    static double[][] run(Optimizer o) {
        Parameter p = Parameter.of("w", Matrix.row(new double[] {0.5, -1.0}, Precision.FLOAT64), true);
        double[][] out = new double[3][];
        OptimizerState state = o.start(List.of(p));
        for (int s = 0; s < 3; s++) {
            p.grad().set(0, G[s][0]);
            p.grad().set(1, G[s][1]);
            state.step();
            out[s] = p.value().rowToArray(0);
        }
        return out;
    }

    static void assertSteps(double[][] got, double[][] want) {
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                assertThat(got[s][i]).as("step %d element %d", s + 1, i)
                        .isCloseTo(want[s][i], within(1e-12 * Math.max(1, Math.abs(want[s][i]))));
            }
        }
    }

    @Test
    void sgd() {
        // w ← w − 0.1·g
        assertSteps(run(new Sgd(0.1)), new double[][] {
            {0.5 - 0.02, -1.0 + 0.04},          // (0.48, −0.96)
            {0.48 + 0.01, -0.96 - 0.03},        // (0.49, −0.99)
            {0.49 - 0.005, -0.99 - 0.01}});     // (0.485, −1.0)
    }

    @Test
    void momentum() {
        // b ← 0.9·b + g (b₁ = g₁), w ← w − 0.1·b
        // b₁ = (0.2, −0.4); b₂ = (0.18 − 0.1, −0.36 + 0.3) = (0.08, −0.06); b₃ = (0.072 + 0.05, −0.054 + 0.1) = (0.122, 0.046)
        assertSteps(run(new Momentum(0.1, 0.9)), new double[][] {
            {0.48, -0.96},
            {0.48 - 0.008, -0.96 + 0.006},      // (0.472, −0.954)
            {0.472 - 0.0122, -0.954 - 0.0046}}); // (0.4598, −0.9586)
    }

    @Test
    void nesterov() {
        // same b as momentum; w ← w − 0.1·(g + 0.9·b)
        // step 1: g₁ + 0.9·b₁ = (0.38, −0.76); step 2: (−0.1 + 0.072, 0.3 − 0.054) = (−0.028, 0.246);
        // step 3: (0.05 + 0.1098, 0.1 + 0.0414) = (0.1598, 0.1414)
        assertSteps(run(new Momentum(0.1, 0.9, true)), new double[][] {
            {0.5 - 0.038, -1.0 + 0.076},        // (0.462, −0.924)
            {0.462 + 0.0028, -0.924 - 0.0246},  // (0.4648, −0.9486)
            {0.4648 - 0.01598, -0.9486 - 0.01414}}); // (0.44882, −0.96274)
    }

    @Test
    void adam() {
        // m ← 0.9m + 0.1g, v ← 0.999v + 0.001g², m̂ = m/(1 − 0.9ᵗ), v̂ = v/(1 − 0.999ᵗ), w ← w − 0.1·m̂/(√v̂ + 1e-8)
        // t = 1: m = (0.02, −0.04), v = (4e-5, 1.6e-4), 1 − 0.9 = 0.1, 1 − 0.999 = 0.001 → m̂ = (0.2, −0.4), v̂ = (0.04, 0.16)
        double a1 = 0.5 - 0.1 * 0.2 / (0.2 + 1e-8);     // 0.400000005
        double b1 = -1.0 + 0.1 * 0.4 / (0.4 + 1e-8);    // −0.9000000025
        // t = 2: m = (0.018 − 0.01, −0.036 + 0.03) = (0.008, −0.006), v = (3.996e-5 + 1e-5, 1.5984e-4 + 9e-5) = (4.996e-5, 2.4984e-4),
        // 1 − 0.81 = 0.19, 1 − 0.998001 = 0.001999
        double a2 = a1 - 0.1 * (0.008 / 0.19) / (Math.sqrt(4.996e-5 / 0.001999) + 1e-8);
        double b2 = b1 - 0.1 * (-0.006 / 0.19) / (Math.sqrt(2.4984e-4 / 0.001999) + 1e-8);
        // t = 3: m = (0.0072 + 0.005, −0.0054 + 0.01) = (0.0122, 0.0046),
        // v = (0.999·4.996e-5 + 2.5e-6, 0.999·2.4984e-4 + 1e-5) = (5.241004e-5, 2.5959016e-4),
        // 1 − 0.729 = 0.271, 1 − 0.997002999 = 0.002997001
        double a3 = a2 - 0.1 * (0.0122 / 0.271) / (Math.sqrt(5.241004e-5 / 0.002997001) + 1e-8);
        double b3 = b2 - 0.1 * (0.0046 / 0.271) / (Math.sqrt(2.5959016e-4 / 0.002997001) + 1e-8);
        assertSteps(run(new Adam(0.1)), new double[][] {{a1, b1}, {a2, b2}, {a3, b3}});
        // the first step of Adam moves each weight by almost exactly η: a bias correction that
        // multiplied instead of dividing would give 0.1·0.02·0.1/√(4e-5·0.001) ≈ 0.0316 instead
        assertThat(0.5 - a1).isCloseTo(0.1, within(1e-7));
    }

    @Test
    void adamW() {
        // first w ← w·(1 − 0.1·0.1) = 0.99·w, then the Adam step above (same m, v, m̂, v̂)
        double a1 = 0.5 * 0.99 - 0.1 * 0.2 / (0.2 + 1e-8);
        double b1 = -1.0 * 0.99 + 0.1 * 0.4 / (0.4 + 1e-8);
        double a2 = a1 * 0.99 - 0.1 * (0.008 / 0.19) / (Math.sqrt(4.996e-5 / 0.001999) + 1e-8);
        double b2 = b1 * 0.99 - 0.1 * (-0.006 / 0.19) / (Math.sqrt(2.4984e-4 / 0.001999) + 1e-8);
        double a3 = a2 * 0.99 - 0.1 * (0.0122 / 0.271) / (Math.sqrt(5.241004e-5 / 0.002997001) + 1e-8);
        double b3 = b2 * 0.99 - 0.1 * (0.0046 / 0.271) / (Math.sqrt(2.5959016e-4 / 0.002997001) + 1e-8);
        assertSteps(run(new AdamW(0.1, 0.1)), new double[][] {{a1, b1}, {a2, b2}, {a3, b3}});
    }

    @Test
    void adagrad() {
        // s ← s + g², w ← w − 0.1·g/(√s + 1e-10)
        // s₁ = (0.04, 0.16), s₂ = (0.05, 0.25), s₃ = (0.0525, 0.26)
        double a1 = 0.5 - 0.1 * 0.2 / (0.2 + 1e-10);
        double b1 = -1.0 + 0.1 * 0.4 / (0.4 + 1e-10);
        double a2 = a1 + 0.1 * 0.1 / (Math.sqrt(0.05) + 1e-10);
        double b2 = b1 - 0.1 * 0.3 / (0.5 + 1e-10);
        double a3 = a2 - 0.1 * 0.05 / (Math.sqrt(0.0525) + 1e-10);
        double b3 = b2 - 0.1 * 0.1 / (Math.sqrt(0.26) + 1e-10);
        assertSteps(run(new Adagrad(0.1)), new double[][] {{a1, b1}, {a2, b2}, {a3, b3}});
    }

    @Test
    void rmsProp() {
        // v ← 0.99v + 0.01g², w ← w − 0.01·g/(√v + 1e-8)
        // v₁ = (4e-4, 1.6e-3); v₂ = (3.96e-4 + 1e-4, 1.584e-3 + 9e-4) = (4.96e-4, 2.484e-3);
        // v₃ = (4.9104e-4 + 2.5e-5, 2.45916e-3 + 1e-4) = (5.1604e-4, 2.55916e-3)
        double a1 = 0.5 - 0.01 * 0.2 / (0.02 + 1e-8);
        double b1 = -1.0 + 0.01 * 0.4 / (0.04 + 1e-8);
        double a2 = a1 + 0.01 * 0.1 / (Math.sqrt(4.96e-4) + 1e-8);
        double b2 = b1 - 0.01 * 0.3 / (Math.sqrt(2.484e-3) + 1e-8);
        double a3 = a2 - 0.01 * 0.05 / (Math.sqrt(5.1604e-4) + 1e-8);
        double b3 = b2 - 0.01 * 0.1 / (Math.sqrt(2.55916e-3) + 1e-8);
        assertSteps(run(new RmsProp(0.01)), new double[][] {{a1, b1}, {a2, b2}, {a3, b3}});
    }

    @Test
    void adadelta() {
        // v ← 0.9v + 0.1g², Δ = √(u + 1e-6)/√(v + 1e-6)·g, u ← 0.9u + 0.1Δ², w ← w − 1.0·Δ
        // step 1: v = (0.004, 0.016), u₀ = 0
        double d1a = Math.sqrt(1e-6) / Math.sqrt(0.004 + 1e-6) * 0.2;
        double d1b = Math.sqrt(1e-6) / Math.sqrt(0.016 + 1e-6) * -0.4;
        double u1a = 0.1 * d1a * d1a, u1b = 0.1 * d1b * d1b;
        // step 2: v = (0.0036 + 0.001, 0.0144 + 0.009) = (0.0046, 0.0234)
        double d2a = Math.sqrt(u1a + 1e-6) / Math.sqrt(0.0046 + 1e-6) * -0.1;
        double d2b = Math.sqrt(u1b + 1e-6) / Math.sqrt(0.0234 + 1e-6) * 0.3;
        double u2a = 0.9 * u1a + 0.1 * d2a * d2a, u2b = 0.9 * u1b + 0.1 * d2b * d2b;
        // step 3: v = (0.00414 + 0.00025, 0.02106 + 0.001) = (0.00439, 0.02206)
        double d3a = Math.sqrt(u2a + 1e-6) / Math.sqrt(0.00439 + 1e-6) * 0.05;
        double d3b = Math.sqrt(u2b + 1e-6) / Math.sqrt(0.02206 + 1e-6) * 0.1;
        assertSteps(run(new Adadelta()), new double[][] {
            {0.5 - d1a, -1.0 - d1b},
            {0.5 - d1a - d2a, -1.0 - d1b - d2b},
            {0.5 - d1a - d2a - d3a, -1.0 - d1b - d2b - d3b}});
        // the first step is tiny: ≈ 1e-3·0.2/√0.004001 ≈ 0.00316
        assertThat(d1a).isCloseTo(0.0031619, within(1e-6));
    }

    @Test
    void l2AndL1AddTheirGradientsToWeightsOnly() {
        // L2 λ = 0.1: g ← g + 0.1·w. Step 1: g = (0.2 + 0.05, −0.4 − 0.1) = (0.25, −0.5) → w = (0.475, −0.95)
        // step 2: g = (−0.1 + 0.0475, 0.3 − 0.095) = (−0.0525, 0.205) → w = (0.48025, −0.9705)
        // step 3: g = (0.05 + 0.048025, 0.1 − 0.09705) = (0.098025, 0.00295) → w = (0.4704475, −0.970795)
        assertSteps(run(new Sgd(0.1).l2(0.1)), new double[][] {
            {0.475, -0.95}, {0.48025, -0.9705}, {0.4704475, -0.970795}});
        // L1 λ = 0.1: g ← g + 0.1·sign(w), w stays (+, −): w − 0.1·(g ± 0.1)
        assertSteps(run(new Sgd(0.1).l1(0.1)), new double[][] {
            {0.5 - 0.03, -1.0 + 0.05},          // (0.47, −0.95)
            {0.47, -0.95 - 0.02},               // g = (−0.1 + 0.1, 0.3 − 0.1) = (0, 0.2) → (0.47, −0.97)
            {0.47 - 0.015, -0.97 - 0.0}});      // g = (0.05 + 0.1, 0.1 − 0.1) = (0.15, 0) → (0.455, −0.97)
        // a bias (regularized = false) is not penalized
        Parameter bias = Parameter.of("b", Matrix.row(new double[] {0.5}, Precision.FLOAT64), false);
        bias.grad().set(0, 0.2);
        new Sgd(0.1).l2(10).l1(10).start(List.of(bias)).step();
        assertThat(bias.value().get(0)).isCloseTo(0.48, within(1e-15));
    }

    @Test
    void clippingScalesTheGlobalNormLikeTorch() {
        // two parameters with gradients (3) and (4): ‖g‖ = 5 > 1 → scale 1/(5 + 1e-6)
        Parameter a = Parameter.of("a", Matrix.row(new double[] {0}, Precision.FLOAT64), true);
        Parameter b = Parameter.of("b", Matrix.row(new double[] {0}, Precision.FLOAT64), false);
        a.grad().set(0, 3);
        b.grad().set(0, 4);
        new Sgd(1).clipNorm(1).start(List.of(a, b)).step();
        assertThat(a.value().get(0)).isCloseTo(-3 / (5 + 1e-6), within(1e-15));
        assertThat(b.value().get(0)).isCloseTo(-4 / (5 + 1e-6), within(1e-15));
        // under the bound, nothing changes: ‖g‖ = 0.5 ≤ 1
        a.grad().set(0, 0.3);
        b.grad().set(0, 0.4);
        double before = a.value().get(0);
        new Sgd(1).clipNorm(1).start(List.of(a, b)).step();
        assertThat(a.value().get(0)).isEqualTo(before - 0.3);
        // exactly at the bound torch still scales by c/(‖g‖ + 1e-6) (its coefficient is clamped at 1, not skipped)
        a.grad().set(0, 3);
        b.grad().set(0, 4);
        before = a.value().get(0);
        new Sgd(1).clipNorm(5).start(List.of(a, b)).step();
        assertThat(a.value().get(0)).isEqualTo(before - 3 * (5 / (5 + 1e-6)));
    }

    @Test
    void stepCountAndFreshStateDriveAdamsBiasCorrection() {
        Adam adam = new Adam(0.1);
        Parameter p = Parameter.of("w", Matrix.row(new double[] {0.5, -1.0}, Precision.FLOAT64), true);
        OptimizerState state = adam.start(List.of(p));
        for (int s = 0; s < 3; s++) {
            p.grad().set(0, G[s][0]);
            p.grad().set(1, G[s][1]);
            state.step();
        }
        assertThat(state.steps()).isEqualTo(3);
        assertThat(adam.slotNames()).containsExactly("exp_avg", "exp_avg_sq");
        assertThat(state.tensors()).containsOnlyKeys("p0.exp_avg", "p0.exp_avg_sq");
        // a new fit starts fresh state: its first step is again a first step, w₁ = 0.400000005
        assertThat(run(adam)[0][0]).isCloseTo(0.5 - 0.1 * 0.2 / (0.2 + 1e-8), within(1e-15));
    }

    @Test
    void factoryNamesAndPyTorchDefaults() {
        for (String name : Optimizers.NAMES) {
            assertThat(Optimizers.create(name, 0.1).name()).isEqualTo(name);
        }
        assertThat(Optimizers.defaultLearningRate("adam")).isEqualTo(1e-3);
        assertThat(Optimizers.defaultLearningRate("adadelta")).isEqualTo(1.0);
        assertThat(Optimizers.defaultLearningRate("rmsprop")).isEqualTo(1e-2);
        assertThatThrownBy(() -> Optimizers.create("lion", 0.1)).hasMessageContaining("lion").hasMessageContaining("adamw");
        assertThatThrownBy(() -> new Sgd(-1)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new Momentum(0.1, 1.0)).hasMessageContaining("momentum");
    }
}
