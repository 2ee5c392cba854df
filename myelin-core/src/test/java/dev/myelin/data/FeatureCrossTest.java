package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureCrossTest {
    static final Dataset TWO = Dataset.of(new double[][] {{2, -3}, {0.5, Math.PI / 2}}, new double[][] {{1}, {0}});

    @Test
    void everyFeatureOfAKnownPoint() {
        // (x1, x2) = (2, −3): 2, −3, 4, 9, −6, sin 2, sin(−3)
        Dataset d = FeatureCross.apply(TWO, "x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2");
        assertThat(d.features()).isEqualTo(7);
        assertThat(d.x().rowToArray(0)).containsExactly(2, -3, 4, 9, -6, Math.sin(2), Math.sin(-3));
        assertThat(d.x().get(1, 6)).isCloseTo(1.0, within(1e-15)); // sin(π/2)
        assertThat(d.x().get(1, 2)).isEqualTo(0.25);
    }

    @Test
    void keepsTheChosenOrderTargetsAndClassNames() {
        Dataset circle = Synthetic.circle(50, 0, 1);
        Dataset d = FeatureCross.apply(circle, List.of(FeatureCross.X2_SQUARED, FeatureCross.X1));
        assertThat(d.size()).isEqualTo(50);
        for (int r = 0; r < 50; r++) {
            double x1 = circle.x().get(r, 0), x2 = circle.x().get(r, 1);
            assertThat(d.x().get(r, 0)).isEqualTo(x2 * x2);
            assertThat(d.x().get(r, 1)).isEqualTo(x1);
            assertThat(d.y().get(r, 0)).isEqualTo(circle.y().get(r, 0));
        }
        assertThat(d.classNames()).containsExactly("0", "1");
    }

    @Test
    void namesRoundTripAndErrorsAreClear() {
        for (FeatureCross f : FeatureCross.values()) {
            assertThat(FeatureCross.byName(f.label().toUpperCase())).isEqualTo(f);
        }
        assertThatThrownBy(() -> FeatureCross.byName("cosx1")).hasMessageContaining("cosx1")
                .hasMessageContaining("x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2");
        Dataset three = Dataset.of(new double[][] {{1, 2, 3}}, new double[][] {{1}});
        assertThatThrownBy(() -> FeatureCross.apply(three, "x1")).hasMessageContaining("2 features");
        assertThatThrownBy(() -> FeatureCross.apply(TWO, List.of())).hasMessageContaining("at least one");
    }
}
