package dev.myelin.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.gradcheck.GradientCheck;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks in float64 ({@link GradientCheck}, h = 1e-6, worst relative error
 * |a − n| / max(1e-8, |a| + |n|) ≤ 1e-6) for every dense activation as hidden and as output layer with
 * every loss whose range it fits, for dropout with a fixed mask, and for deeper networks, always on a
 * batch of several rows. Inputs and seeds are chosen so that no pre-activation sits within 1e-3 of a
 * kink (ReLU, leaky ReLU, ELU, step at z = 0), where a difference quotient means nothing.
 */
class DenseGradientCheckTest {
    static final double TOLERANCE = 1e-6;
    static final int ROWS = 5;
    static final Set<String> KINKED = Set.of("relu", "leaky_relu", "elu", "step");

    /** Outputs a loss accepts: cross-entropies need probabilities (BCE: in (0, 1); CCE: positive). */
    static boolean fits(String output, Loss loss) {
        return switch (loss.name()) {
            case "binary_cross_entropy" -> Set.of("sigmoid", "softmax", "step").contains(output);
            case "categorical_cross_entropy" -> Set.of("softmax", "sigmoid", "softplus", "step").contains(output);
            default -> true;
        };
    }

    static Stream<Arguments> combinations() {
        List<Arguments> out = new ArrayList<>();
        for (String hidden : Activation.names()) {
            for (String output : Activation.names()) {
                for (String loss : Loss.names()) {
                    if (fits(output, Loss.byName(loss))) {
                        out.add(Arguments.of(hidden, output, loss));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("combinations")
    void everyActivationAndLoss(String hidden, String output, String lossName) {
        Loss loss = Loss.byName(lossName);
        Network net = kinkFree(b -> b.dense(4, Activation.byName(hidden)).dense(3, Activation.byName(output)), 3, loss);
        Matrix x = inputs(net.inputs(), 1);
        Matrix y = targets(loss, 3, 2);
        GradientCheck.Report report = GradientCheck.check(net, x, y, loss);
        assertThat(report.worstRelativeError()).as(report.format()).isLessThanOrEqualTo(TOLERANCE);
        assertThat(Double.isFinite(report.loss())).isTrue();
        if (output.equals("step")) {
            assertAllGradientsZero(net, 0, 1);
        } else if (hidden.equals("step")) {
            assertAllGradientsZero(net, 0); // nothing flows below a step layer
        }
    }

    @Test
    void dropoutWithFixedMask() {
        for (Loss loss : List.of(Loss.BINARY_CROSS_ENTROPY, Loss.MSE)) {
            Network net = kinkFree(b -> b.dense(6, Activation.TANH).dropout(0.5).dense(5, Activation.RELU)
                    .dropout(0.25).dense(2, Activation.SIGMOID), 4, loss);
            GradientCheck.Report r = GradientCheck.check(net, inputs(4, 3), targets(loss, 2, 4), loss);
            assertThat(r.worstRelativeError()).as(r.format()).isLessThanOrEqualTo(TOLERANCE);
            assertThat(r.layers()).extracting(GradientCheck.LayerResult::layer).containsExactly(0, 2, 4);
        }
    }

    @Test
    void deepNetworksWithParameterizedActivations() {
        Network net = kinkFree(b -> b.dense(7, Activation.GELU).dense(6, Activation.leakyRelu(0.2))
                .dense(5, Activation.elu(0.5)).dense(5, Activation.SOFTPLUS).dense(4, Activation.SOFTMAX), 3,
                Loss.CATEGORICAL_CROSS_ENTROPY);
        // Gradients of the first layers are ~1e-4 here, so the rounding of E (~1e-16·E/h ≈ 1e-10) would
        // reach 1e-6 relative with h = 1e-6; h = 1e-5 keeps both rounding and truncation (h²) below it.
        GradientCheck.Report r = GradientCheck.check(net, inputs(3, 5),
                targets(Loss.CATEGORICAL_CROSS_ENTROPY, 4, 6), Loss.CATEGORICAL_CROSS_ENTROPY, 1e-5, 0);
        assertThat(r.worstRelativeError()).as(r.format()).isLessThanOrEqualTo(TOLERANCE);
        assertThat(r.layers()).hasSize(5);

        Network reg = kinkFree(b -> b.dense(8, Activation.SIGMOID).dense(8, Activation.TANH)
                .dense(6, Activation.RELU).dense(3, Activation.IDENTITY), 2, Loss.HALF_SSE);
        GradientCheck.Report r2 = GradientCheck.check(reg, inputs(2, 7), targets(Loss.HALF_SSE, 3, 8), Loss.HALF_SSE);
        assertThat(r2.worstRelativeError()).as(r2.format()).isLessThanOrEqualTo(TOLERANCE);
    }

    /** A batch of ROWS rows with values in [−1.5, 1.5). */
    static Matrix inputs(int cols, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(ROWS, cols, Precision.FLOAT64);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble() * 3 - 1.5);
        }
        return x;
    }

    /** Targets the loss accepts: one-hot rows (CCE), values in [0, 1] (BCE), or in [−1, 1). */
    static Matrix targets(Loss loss, int cols, long seed) {
        Rng rng = new Rng(seed);
        Matrix y = Matrix.zeros(ROWS, cols, Precision.FLOAT64);
        for (int r = 0; r < ROWS; r++) {
            if (loss == Loss.CATEGORICAL_CROSS_ENTROPY) {
                y.set(r, rng.nextInt(cols), 1);
            } else {
                for (int c = 0; c < cols; c++) {
                    y.set(r, c, loss == Loss.BINARY_CROSS_ENTROPY ? rng.nextDouble() : rng.nextDouble() * 2 - 1);
                }
            }
        }
        return y;
    }

    /**
     * Builds the network with seeds 1, 2, … until no pre-activation of a kinked activation lies within
     * 1e-3 of 0 on the test batch (deterministic: the first such seed).
     */
    static Network kinkFree(Consumer<NetworkBuilder> layers, int inputs, Loss loss) {
        for (long seed = 1; seed < 1000; seed++) {
            NetworkBuilder b = Network.builder(inputs).precision(Precision.FLOAT64).seed(seed);
            layers.accept(b);
            Network net = b.build();
            net.forward(inputs(inputs, 1), true);
            if (clearOfKinks(net)) {
                return net;
            }
        }
        throw new AssertionError("no kink-free seed found");
    }

    private static boolean clearOfKinks(Network net) {
        for (Layer l : net.layers()) {
            if (l instanceof Dense d && KINKED.contains(d.activation().name())) {
                Matrix z = d.lastZ();
                for (int i = 0; i < z.size(); i++) {
                    if (Math.abs(z.get(i)) < 1e-3) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void assertAllGradientsZero(Network net, int... layers) {
        for (int li : layers) {
            for (Parameter p : net.layers().get(li).parameters()) {
                for (int i = 0; i < p.size(); i++) {
                    assertThat(p.grad().get(i)).as("layers.%d.%s[%d]", li, p.name(), i).isEqualTo(0.0);
                }
            }
        }
    }
}
