package dev.myelin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.io.ModelInfo;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetScalerFoldTest {
    private static final Scaler TARGET = Scaler.fit(Scaler.Kind.STANDARD,
            Matrix.of(new double[][] {{100, -1}, {200, 1}, {600, 3}}, Precision.FLOAT64));

    /** The folded network's output equals ŷ = a·σ + μ of the original, for random inputs (float64). */
    @Test
    void foldedNetworkPredictsTheUnscaledOutputs() {
        Network net = Network.builder(3).dense(5, Activation.TANH).dense(2, Activation.IDENTITY).precision(Precision.FLOAT64)
                .seed(11).build();
        ModelInfo info = new ModelInfo(ModelInfo.REGRESSION, List.of("a", "b", "c"), "y", List.of(), null, List.of(), Map.of())
                .withTargetScaler(TARGET);
        Model folded = TargetScalerFold.fold(new Model(net, info));
        assertThat(folded.info().targetScaler()).isNull();
        java.util.Random rnd = new java.util.Random(5);
        double[][] x = new double[7][3];
        for (double[] row : x) {
            for (int j = 0; j < 3; j++) {
                row[j] = rnd.nextGaussian() * 2;
            }
        }
        Matrix in = Matrix.of(x, Precision.FLOAT64);
        Matrix expected = info.unscaleTargets(net.predict(in));
        Matrix got = folded.network().predict(in);
        for (int r = 0; r < 7; r++) {
            for (int j = 0; j < 2; j++) {
                assertThat(got.get(r, j)).isCloseTo(expected.get(r, j), within(1e-9));
            }
        }
        // the original is untouched
        assertThat(info.unscaleTargets(net.predict(in)).get(0, 0)).isEqualTo(expected.get(0, 0));
    }

    @Test
    void withoutATargetScalerTheModelIsKeptAndANonIdentityOutputIsRefused() {
        Network net = Network.builder(3).dense(2, Activation.SIGMOID).seed(1).build();
        Model plain = Model.of(net);
        assertThat(TargetScalerFold.fold(plain)).isSameAs(plain);
        Model sigmoid = new Model(net, plain.info().withTargetScaler(TARGET));
        assertThatThrownBy(() -> TargetScalerFold.fold(sigmoid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity activation");
    }
}
