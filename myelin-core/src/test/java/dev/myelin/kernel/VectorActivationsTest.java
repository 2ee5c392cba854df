package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.activations.Activation;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Holds the SIMD activation loops to each activation's own (reference) forward and backward. */
class VectorActivationsTest {

    static Stream<Arguments> cases() {
        Activation[] acts = {Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
            Activation.leakyRelu(0.1), Activation.SOFTMAX};
        int[][] shapes = {{1, 1}, {1, 3}, {3, 17}, {17, 10}, {5, 785}, {64, 33}};
        return Stream.of(acts).flatMap(a -> Stream.of(shapes).map(s -> Arguments.of(a, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("cases")
    void forwardAndBackwardMatchTheReference(Activation g, int rows, int cols) {
        Rng rng = new Rng(rows * 1000L + cols);
        Matrix z = Matrix.zeros(rows, cols, Precision.FLOAT32);
        Matrix ga = Matrix.zeros(rows, cols, Precision.FLOAT32);
        for (int i = 0; i < z.size(); i++) {
            // include saturated values: |z| up to 60
            z.set(i, (rng.nextDouble() - 0.5) * (i % 7 == 0 ? 120 : 8));
            ga.set(i, rng.nextGaussian());
        }
        Matrix aRef = Matrix.zeros(rows, cols, Precision.FLOAT32);
        Matrix aVec = Matrix.zeros(rows, cols, Precision.FLOAT32);
        g.forward(z, aRef);
        assertThat(VectorActivations.forward(g, z, aVec)).isTrue();
        for (int i = 0; i < z.size(); i++) {
            assertThat(aVec.get(i)).as("a[%d] for z=%s", i, z.get(i)).isCloseTo(aRef.get(i), within(2e-6 * Math.max(1, Math.abs(aRef.get(i)))));
            assertThat(Double.isFinite(aVec.get(i))).isTrue();
        }
        if (g == Activation.SOFTMAX) {
            return; // softmax backward stays on the reference path
        }
        Matrix gzRef = Matrix.zeros(rows, cols, Precision.FLOAT32);
        Matrix gzVec = Matrix.zeros(rows, cols, Precision.FLOAT32);
        g.backward(z, aRef, ga, gzRef);
        assertThat(VectorActivations.backward(g, z, aRef, ga, gzVec)).isTrue();
        for (int i = 0; i < z.size(); i++) {
            assertThat(gzVec.get(i)).isCloseTo(gzRef.get(i), within(1e-6 * Math.max(1, Math.abs(gzRef.get(i)))));
        }
    }

    /**
     * A row's softmax does not depend on its neighbours: the batch is exponentiated as one array, so a
     * row lands at a different place in the vectors when the batch changes; its bits must not.
     */
    @org.junit.jupiter.api.Test
    void aSoftmaxRowGivesTheSameBitsAloneAndInABatch() {
        Rng rng = new Rng(5);
        for (int cols : new int[] {1, 3, 10, 17, 33}) {
            int rows = 13;
            Matrix z = Matrix.zeros(rows, cols, Precision.FLOAT32);
            for (int i = 0; i < z.size(); i++) {
                z.set(i, (rng.nextDouble() - 0.5) * (i % 5 == 0 ? 200 : 10));
            }
            Matrix batch = Matrix.zeros(rows, cols, Precision.FLOAT32);
            VectorActivations.forward(Activation.SOFTMAX, z, batch);
            for (int r = 0; r < rows; r++) {
                Matrix zr = Matrix.zeros(1, cols, Precision.FLOAT32), ar = Matrix.zeros(1, cols, Precision.FLOAT32);
                for (int j = 0; j < cols; j++) {
                    zr.set(j, z.get(r, j));
                }
                VectorActivations.forward(Activation.SOFTMAX, zr, ar);
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    assertThat(Float.floatToIntBits((float) ar.get(j)))
                            .as("row %d of %d columns, column %d", r, cols, j)
                            .isEqualTo(Float.floatToIntBits((float) batch.get(r, j)));
                    sum += ar.get(j);
                }
                assertThat(sum).isCloseTo(1.0, within(1e-5));
            }
        }
    }

    /**
     * The same input gives the same bits before and after the JIT compiles the loops (the first calls
     * run the Vector API's Java fallback, later ones the compiled intrinsics): training with a seed
     * must not depend on when the compiler kicks in.
     */
    @org.junit.jupiter.api.Test
    void sameBitsBeforeAndAfterCompilation() {
        Activation[] acts = {Activation.SIGMOID, Activation.TANH, Activation.SOFTMAX};
        Rng rng = new Rng(5);
        Matrix z = Matrix.zeros(4, 37, Precision.FLOAT32);
        for (int i = 0; i < z.size(); i++) {
            z.set(i, (rng.nextDouble() - 0.5) * 30);
        }
        for (Activation g : acts) {
            Matrix cold = Matrix.zeros(4, 37, Precision.FLOAT32);
            VectorActivations.forward(g, z, cold);
            Matrix warm = Matrix.zeros(4, 37, Precision.FLOAT32);
            for (int k = 0; k < 20_000; k++) {
                VectorActivations.forward(g, z, warm);
            }
            assertThat(warm.floats()).as(g.name()).isEqualTo(cold.floats());
        }
    }

    @org.junit.jupiter.api.Test
    void expIsAccurateOverTheFloatRange() {
        float[] xs = new float[FloatVectorSpecies.LENGTH * 64];
        Rng rng = new Rng(9);
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) ((rng.nextDouble() - 0.5) * 180);
        }
        xs[0] = 0f;
        xs[1] = 88.5f;
        xs[2] = -86.9f;
        xs[3] = 100f;
        float[] out = new float[xs.length];
        for (int i = 0; i < xs.length; i += FloatVectorSpecies.LENGTH) {
            VectorMath.exp(jdk.incubator.vector.FloatVector.fromArray(FloatVectorSpecies.S, xs, i)).intoArray(out, i);
        }
        for (int i = 0; i < xs.length; i++) {
            double expected = Math.exp(xs[i]);
            if (xs[i] > 88.7f) {
                assertThat(out[i]).isEqualTo(Float.POSITIVE_INFINITY);
            } else if (xs[i] >= -87f) {
                assertThat((double) out[i]).as("exp(%s)", xs[i]).isCloseTo(expected, within(3e-7 * expected));
            } else {
                assertThat(out[i]).isEqualTo(0f);
            }
        }
    }

    private static final class FloatVectorSpecies {
        static final jdk.incubator.vector.VectorSpecies<Float> S = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        static final int LENGTH = S.length();
    }
}
