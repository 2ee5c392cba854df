package dev.myelin.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.activations.ElementwiseActivation;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gradient checker itself: it passes correct backprop, catches a wrong one, and has no side effects. */
class GradientCheckTest {
    static final Matrix X = Matrix.of(new double[][] {{0.3, -1.2, 0.8}, {1.1, 0.4, -0.6}, {-0.9, 0.7, 0.2}},
            Precision.FLOAT64);
    static final Matrix Y = Matrix.of(new double[][] {{0.2, -0.4}, {0.9, 0.1}, {-0.5, 0.6}}, Precision.FLOAT64);

    /** tanh with the classic bug: g'(z) = 1 − a instead of 1 − a². */
    static final Activation WRONG_TANH = new ElementwiseActivation() {
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
            return 1 - a;
        }
    };

    static Network net(Activation hidden) {
        return Network.builder(3).dense(4, hidden).dropout(0.3).dense(2, Activation.IDENTITY)
                .precision(Precision.FLOAT64).seed(5).build();
    }

    @Test
    void passesCorrectBackpropagation() {
        GradientCheck.Report r = GradientCheck.check(net(Activation.TANH), X, Y, Loss.MSE);
        assertThat(r.worstRelativeError()).as(r.format()).isLessThan(1e-7);
        assertThat(r.passes(1e-6)).isTrue();
        assertThat(r.layers()).extracting(GradientCheck.LayerResult::checked).containsExactly(16, 10);
    }

    @Test
    void catchesAWrongDerivative() {
        GradientCheck.Report r = GradientCheck.check(net(WRONG_TANH), X, Y, Loss.MSE);
        // The layer with the wrong tanh' is off by tens of percent; the layer above is still right.
        assertThat(r.layers().get(0).worstRelativeError()).as(r.format()).isGreaterThan(1e-2);
        assertThat(r.layers().get(1).worstRelativeError()).as(r.format()).isLessThan(1e-7);
        assertThat(r.passes(1e-6)).isFalse();
        assertThat(r.format()).contains("dense (tanh)").contains("layers.0.");
    }

    @Test
    void leavesParametersAndDropoutAsTheyWere() {
        Network net = net(Activation.TANH);
        List<double[]> before = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            before.add(p.value().copy().doubles());
        }
        long rngState = ((Dropout) net.layers().get(1)).rng().state();
        GradientCheck.check(net, X, Y, Loss.MSE);
        for (int i = 0; i < before.size(); i++) {
            assertThat(net.parameters().get(i).value().doubles()).containsExactly(before.get(i));
        }
        // The fixed masks never touch the layer's own generator, and random masks resume afterwards.
        assertThat(((Dropout) net.layers().get(1)).rng().state()).isEqualTo(rngState);
        net.forward(X, true);
        assertThat(((Dropout) net.layers().get(1)).rng().state()).isNotEqualTo(rngState);
    }

    @Test
    void samplesLargeTensorsWhenAsked() {
        GradientCheck.Report r = GradientCheck.check(net(Activation.TANH), X, Y, Loss.MSE, 1e-6, 3);
        // 12 weights → every 4th (3 values), 4 biases → every 2nd (2), 8 → 3, 2 → 2.
        assertThat(r.layers()).extracting(GradientCheck.LayerResult::checked).containsExactly(5, 5);
    }

    @Test
    void refusesFloat32() {
        Network f32 = Network.builder(3).dense(2, Activation.TANH).build();
        assertThatThrownBy(() -> GradientCheck.check(f32, X, Y, Loss.MSE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a gradient check needs a float64 network, this one is float32");
    }

    @Test
    void relativeErrorFormula() {
        assertThat(GradientCheck.relativeError(1.0, 1.0)).isZero();
        assertThat(GradientCheck.relativeError(2.0, 1.0)).isEqualTo(1.0 / 3);
        assertThat(GradientCheck.relativeError(0.0, 0.0)).isZero();
        assertThat(GradientCheck.relativeError(1e-10, 0.0)).isEqualTo(1e-2);
    }
}
