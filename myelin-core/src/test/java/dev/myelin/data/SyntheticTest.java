package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.tensor.Precision;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    @ParameterizedTest
    @ValueSource(strings = {"circle", "xor", "gauss", "spiral", "plane", "multigauss"})
    void sameSeedSameDataDifferentSeedDifferentData(String name) {
        Dataset a = Synthetic.byName(name, 200, 20, 7);
        Dataset b = Synthetic.byName(name, 200, 20, 7);
        Dataset c = Synthetic.byName(name, 200, 20, 8);
        assertThat(a.x().toArray()).isDeepEqualTo(b.x().toArray());
        assertThat(a.y().toArray()).isDeepEqualTo(b.y().toArray());
        assertThat(Arrays.deepEquals(a.x().toArray(), c.x().toArray())).isFalse();
        assertThat(a.size()).isEqualTo(200);
        assertThat(a.features()).isEqualTo(2);
        assertThat(a.outputs()).isEqualTo(1);
        assertThat(a.x().precision()).isEqualTo(Precision.FLOAT64);
        assertThat(a.classNames()).isEqualTo(Synthetic.isRegression(name) ? java.util.List.of() : java.util.List.of("0", "1"));
    }

    @Test
    void oddSizesGiveExactlyNExamples() {
        for (String name : Synthetic.NAMES) {
            assertThat(Synthetic.byName(name, 7, 0, 1).size()).as(name).isEqualTo(7);
        }
        // class 1 gets the extra example
        assertThat(ones(Synthetic.spiral(7, 0, 1))).isEqualTo(4);
    }

    @Test
    void withoutNoiseTheConstructedClassesAreExactlyBalanced() {
        for (String name : new String[] {"circle", "gauss", "spiral"}) {
            assertThat(ones(Synthetic.byName(name, 400, 0, 3))).as(name).isEqualTo(200);
        }
        // xor draws its points uniformly: each quadrant pair is about half (binomial, sd 10 of 400)
        assertThat(ones(Synthetic.xor(400, 0, 3))).isBetween(170, 230);
        // noisy labels move only a few points across the boundary
        assertThat(ones(Synthetic.circle(400, 10, 3))).isBetween(170, 230);
    }

    @Test
    void labelsFollowThePlaygroundRulesWithoutNoise() {
        Dataset circle = Synthetic.circle(500, 0, 11);
        for (int r = 0; r < circle.size(); r++) {
            double radius = Math.hypot(circle.x().get(r, 0), circle.x().get(r, 1));
            boolean inner = circle.y().get(r, 0) == 1;
            // class 1 inside radius 2.5, class 0 in the ring 3.5..5
            assertThat(inner ? radius < 2.5 : radius >= 3.5 && radius <= 5).isTrue();
        }
        Dataset xor = Synthetic.xor(500, 0, 11);
        for (int r = 0; r < xor.size(); r++) {
            double x = xor.x().get(r, 0), y = xor.x().get(r, 1);
            assertThat(xor.y().get(r, 0)).isEqualTo(x * y >= 0 ? 1.0 : 0.0);
            assertThat(Math.abs(x)).isBetween(0.3, 5.3);
            assertThat(Math.abs(y)).isBetween(0.3, 5.3);
        }
        Dataset plane = Synthetic.plane(300, 0, 11);
        for (int r = 0; r < plane.size(); r++) {
            assertThat(plane.y().get(r, 0)).isEqualTo((plane.x().get(r, 0) + plane.x().get(r, 1)) / 10);
        }
    }

    @Test
    void noiselessSpiralPointsLieOnTheirArm() {
        Dataset s = Synthetic.spiral(200, 0, 5);
        int onArm = 0;
        for (int r = 0; r < s.size(); r++) {
            double x = s.x().get(r, 0), y = s.x().get(r, 1);
            double radius = Math.hypot(x, y);
            // r = 5i/m and t = 3.5π·i/m + Δ, so t = 0.7π·r + Δ: the point is r·(sin t, cos t)
            double t = 0.7 * Math.PI * radius + (s.y().get(r, 0) == 1 ? 0 : Math.PI);
            assertThat(x).isCloseTo(radius * Math.sin(t), within(1e-9));
            assertThat(y).isCloseTo(radius * Math.cos(t), within(1e-9));
            assertThat(radius).isLessThan(5);
            onArm++;
        }
        assertThat(onArm).isEqualTo(200);
        // the known first point of each arm: the origin, once per class
        long origins = Arrays.stream(s.x().toArray()).filter(p -> p[0] == 0 && p[1] == 0).count();
        assertThat(origins).isEqualTo(2);
    }

    @Test
    void gaussBlobsSitAtTheirCentresWithThePlaygroundsVariance() {
        // noise 50 % → variance 4 (sd 2); noise 0 → variance 0.5
        for (double[] noiseVar : new double[][] {{0, 0.5}, {50, 4}}) {
            Dataset g = Synthetic.gauss(4000, noiseVar[0], 9);
            double sum = 0, sq = 0;
            int count = 0;
            for (int r = 0; r < g.size(); r++) {
                if (g.y().get(r, 0) == 1) {
                    double v = g.x().get(r, 0);
                    sum += v;
                    sq += v * v;
                    count++;
                }
            }
            double mean = sum / count, variance = sq / count - mean * mean;
            assertThat(mean).isCloseTo(2, within(0.1));
            assertThat(variance).isCloseTo(noiseVar[1], within(noiseVar[1] * 0.1));
        }
    }

    @Test
    void valueRanges() {
        for (String name : Synthetic.NAMES) {
            Dataset d = Synthetic.byName(name, 500, 50, 13);
            for (int r = 0; r < d.size(); r++) {
                double t = d.y().get(r, 0);
                switch (name) {
                    case "plane" -> assertThat(t).isBetween(-2.4, 2.4); // (x+y)/10 with noise up to ±6 per axis
                    case "multigauss" -> assertThat(t).isBetween(-1.0, 1.0);
                    default -> assertThat(t).isIn(0.0, 1.0);
                }
                if (!name.equals("gauss")) { // Gaussian blobs are unbounded
                    assertThat(Math.abs(d.x().get(r, 0))).isLessThanOrEqualTo(6.0);
                    assertThat(Math.abs(d.x().get(r, 1))).isLessThanOrEqualTo(6.0);
                }
            }
        }
        Dataset plane = Synthetic.plane(500, 0, 13);
        assertThat(Arrays.stream(plane.y().toArray()).mapToDouble(v -> v[0]).max().getAsDouble()).isBetween(0.9, 1.2);
    }

    @Test
    void multiGaussKnownPoints() {
        assertThat(Synthetic.multiGaussValue(-4, 2.5)).isEqualTo(1.0);
        assertThat(Synthetic.multiGaussValue(0, 2.5)).isEqualTo(-1.0);
        assertThat(Synthetic.multiGaussValue(4, -2.5)).isEqualTo(-1.0);
        assertThat(Synthetic.multiGaussValue(0, -1.5)).isCloseTo(0.5, within(1e-15)); // d = 1 from (0, −2.5)
        assertThat(Synthetic.multiGaussValue(6, 6)).isEqualTo(0.0); // d ≈ 4.03 from (4, 2.5)
        assertThat(Synthetic.planeValue(3, 2)).isEqualTo(0.5);
    }

    @Test
    void noiseFlipsSomeXorLabels() {
        Dataset d = Synthetic.xor(1000, 50, 21);
        int flipped = 0;
        for (int r = 0; r < d.size(); r++) {
            double x = d.x().get(r, 0), y = d.x().get(r, 1);
            if ((x * y >= 0 ? 1.0 : 0.0) != d.y().get(r, 0)) {
                flipped++;
            }
        }
        assertThat(flipped).isBetween(50, 400);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> Synthetic.byName("moons", 10, 0, 1)).hasMessageContaining("moons")
                .hasMessageContaining("circle, xor, gauss, spiral, plane, multigauss");
        assertThatThrownBy(() -> Synthetic.circle(10, 60, 1)).hasMessageContaining("0 to 50");
        assertThatThrownBy(() -> Synthetic.circle(0, 0, 1)).hasMessageContaining("at least 1");
        assertThat(Synthetic.isRegression("plane")).isTrue();
        assertThat(Synthetic.isRegression("multigauss")).isTrue();
        assertThat(Synthetic.isRegression("Spiral")).isFalse();
    }

    static int ones(Dataset d) {
        int n = 0;
        for (int r = 0; r < d.size(); r++) {
            n += d.y().get(r, 0) == 1 ? 1 : 0;
        }
        return n;
    }
}
