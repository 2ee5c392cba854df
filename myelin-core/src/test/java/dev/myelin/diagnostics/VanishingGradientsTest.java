package dev.myelin.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The notes' vanishing-gradient slide, measured: 8 hidden layers of 32, sigmoid against ReLU. */
class VanishingGradientsTest {
    @Test
    void sigmoidGradientsShrinkByOrdersOfMagnitudeTowardTheInputReluDoesNot() {
        VanishingGradients.Comparison c = VanishingGradients.compare(8, 32, 1, 7);
        double[] s = c.sigmoid().initialNorms();
        double[] r = c.relu().initialNorms();
        assertThat(s).hasSize(9);
        // sigmoid: every hidden layer's gradient is smaller than the next one's (toward the input)
        for (int l = 0; l < 7; l++) {
            assertThat(s[l]).as("sigmoid layer " + (l + 1)).isLessThan(s[l + 1]);
        }
        // measured (seed 7): first hidden 1.0e-6, last hidden 0.135: more than 4 orders of magnitude
        assertThat(c.sigmoid().firstToLastHiddenRatio()).isLessThan(1e-4);
        // relu + He: the hidden layers 2..8 stay within a factor 3 of each other
        for (int l = 1; l < 8; l++) {
            assertThat(r[l] / r[7]).as("relu layer " + (l + 1)).isBetween(1 / 3.0, 3.0);
        }
        assertThat(c.relu().firstToLastHiddenRatio()).isGreaterThan(1000 * c.sigmoid().firstToLastHiddenRatio());
        assertThat(c.format()).contains("sigmoid ‖∂E/∂W‖");
    }
}
