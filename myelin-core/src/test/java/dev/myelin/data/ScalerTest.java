package dev.myelin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;

class ScalerTest {
    /** Notes 001, the energy example: temperature (°C), people per day. */
    static final double[][] ENERGY = {{10, 50}, {5, 30}, {20, 70}, {-5, 20}, {30, 90}};

    @Test
    void notesEnergyScalingIsMinMaxOverAFixedRangeNotOverTheRows() {
        // The notes' scaled values (10 → 0.4, 5 → 0.3, 20 → 0.6, −5 → 0.1, 30 → 0.8; 50 → 0.5 ...)
        // are x' = (x + 10)/50 and x/100: min-max over the hand-chosen ranges [−10, 40] and [0, 100].
        Scaler fixed = Scaler.minMax(new double[] {-10, 0}, new double[] {40, 100});
        double[][] expected = {{0.4, 0.5}, {0.3, 0.3}, {0.6, 0.7}, {0.1, 0.2}, {0.8, 0.9}};
        for (int r = 0; r < ENERGY.length; r++) {
            assertThat(fixed.transformRow(ENERGY[r])).containsExactly(expected[r]);
        }
        // Fitted on the five rows instead, min-max gives 10 °C → (10 − (−5))/35 = 0.428571...
        Scaler fitted = Scaler.fit(Scaler.Kind.MINMAX, Matrix.of(ENERGY, Precision.FLOAT64));
        assertThat(fitted.offset()).containsExactly(-5, 20);
        assertThat(fitted.scale()).containsExactly(35, 70);
        assertThat(fitted.transformRow(ENERGY[0])).containsExactly(0.42857142857142855, 30.0 / 70);
        assertThat(fitted.transformRow(ENERGY[3])).containsExactly(0.0, 0.0);
        assertThat(fitted.transformRow(ENERGY[4])).containsExactly(1.0, 1.0);
    }

    @Test
    void standardizesWithThePopulationStandardDeviation() {
        Matrix x = Matrix.of(new double[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}}, Precision.FLOAT64);
        Scaler s = Scaler.fit(Scaler.Kind.STANDARD, x);
        assertThat(s.offset()).containsExactly(2.5, 7);
        // σ = √((1.5² + 0.5² + 0.5² + 1.5²)/4) = √1.25; the constant column gets scale 1
        assertThat(s.scale()).containsExactly(1.118033988749895, 1);
        Matrix t = s.transform(x);
        assertThat(t.rowToArray(0)).containsExactly(-1.3416407864998738, 0);
        assertThat(t.rowToArray(3)).containsExactly(1.3416407864998738, 0);
    }

    @Test
    void constantColumnMinMaxMapsToZeroAndPrecisionIsKept() {
        Matrix x = Matrix.of(new double[][] {{3, 0}, {3, 2}}, Precision.FLOAT32);
        Scaler s = Scaler.fit(Scaler.Kind.MINMAX, x);
        Matrix t = s.transform(x);
        assertThat(t.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(t.toArray()).isDeepEqualTo(new double[][] {{0, 0}, {0, 1}});
    }

    @Test
    void transformsDatasetFeaturesOnly() {
        Dataset d = new Dataset(Matrix.of(new double[][] {{0}, {10}}, Precision.FLOAT64),
                Matrix.of(new double[][] {{5}, {6}}, Precision.FLOAT64), java.util.List.of("a", "b"));
        Dataset t = Scaler.fit(Scaler.Kind.MINMAX, d.x()).transform(d);
        assertThat(t.x().toArray()).isDeepEqualTo(new double[][] {{0}, {1}});
        assertThat(t.y()).isSameAs(d.y());
        assertThat(t.classNames()).containsExactly("a", "b");
        assertThat(Scaler.none(1).transform(d).x().toArray()).isDeepEqualTo(d.x().toArray());
    }

    @Test
    void jsonRoundTripIsExact() {
        Scaler s = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{0.1, 1e-300}, {0.7, 3}}, Precision.FLOAT64));
        ObjectNode json = s.toJson();
        assertThat(json.get("kind").asText()).isEqualTo("standard");
        Scaler back = Scaler.fromJson(json, "scaler");
        assertThat(back).isEqualTo(s);
        assertThat(back.kind()).isEqualTo(Scaler.Kind.STANDARD);
        assertThat(Scaler.fromJson(Scaler.none(3).toJson(), "s")).isEqualTo(Scaler.none(3));
    }

    @Test
    void fromJsonIsStrictAndNamesThePath() throws Exception {
        ObjectMapper m = new ObjectMapper();
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"minmax\",\"offset\":[0],\"scale\":[1],\"x\":1}"), "info.scaler"))
                .hasMessage("info.scaler.x: unknown key (allowed here: kind, offset, scale)");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"robust\",\"offset\":[0],\"scale\":[1]}"), "s"))
                .hasMessage("s.kind: expected \"none\", \"minmax\" or \"standard\", found the string \"robust\"");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"minmax\",\"offset\":[0,1],\"scale\":[1]}"), "s"))
                .hasMessage("s: offset has 2 values but scale has 1");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"minmax\",\"offset\":[0,1],\"scale\":[1,0]}"), "s"))
                .hasMessage("s.scale[1]: a scale must not be 0");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"minmax\",\"offset\":[\"0\"],\"scale\":[1]}"), "s"))
                .hasMessage("s.offset[0]: expected a finite number, found the string \"0\"");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("{\"kind\":\"minmax\",\"scale\":[1]}"), "s"))
                .hasMessage("s.offset: expected an array of numbers, found nothing");
        assertThatThrownBy(() -> Scaler.fromJson(m.readTree("[]"), "s"))
                .hasMessage("s: expected a scaler object, found an array");
    }

    @Test
    void rejectsWrongWidthAndNonFiniteTrainingData() {
        Scaler s = Scaler.none(2);
        assertThatThrownBy(() -> s.transformRow(new double[3]))
                .hasMessage("the scaler was fitted on 2 features, got 3");
        assertThatThrownBy(() -> Scaler.fit(Scaler.Kind.MINMAX, Matrix.of(new double[][] {{1, Double.NaN}}, Precision.FLOAT64)))
                .hasMessage("cannot fit a scaler: example 0, feature 1 is NaN");
        assertThat(Scaler.Kind.parse("Min-Max")).isEqualTo(Scaler.Kind.MINMAX);
    }
}
