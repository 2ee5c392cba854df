package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.init.Rng;
import dev.myelin.kernel.OptimizerKernels;
import dev.myelin.layers.Parameter;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every algorithm's float32 fast path ({@link OptimizerKernels}, SIMD) against its own plain
 * reference loop ({@code updateReference}), started from the same weights and state and fed the
 * same gradients for five steps, on awkward sizes (1, 3, 17, 785, 4099). (Splitting a large
 * parameter over the kernel threads gives the same bits as one thread: {@code VectorOptimizersTest}.)
 * The state is non-zero at the start (as mid-training), so every term of
 * each formula counts. Float32 arithmetic against the reference's double arithmetic rounded to
 * float32 at each store agree to 1e-5 relative.
 */
class OptimizerFastPathTest {

    static Stream<Arguments> cases() {
        List<Supplier<Optimizer>> algorithms = List.of(
                () -> new Sgd(0.1),
                () -> new Momentum(0.05, 0.9),
                () -> new Momentum(0.05, 0.9, true),
                () -> new Adam(1e-2),
                () -> new AdamW(1e-2, 0.05),
                () -> new Adagrad(0.05),
                () -> new RmsProp(1e-2),
                () -> new Adadelta(1.0));
        return algorithms.stream().flatMap(a -> Stream.of(1, 3, 17, 785, 4099)
                .map(n -> Arguments.of(a.get().name(), a, n)));
    }

    @ParameterizedTest(name = "{0} n={2}")
    @MethodSource("cases")
    void fastAndReferencePathsAgreeOnTheSameState(String name, Supplier<Optimizer> algorithm, int n) {
        assertThat(OptimizerKernels.available()).as("the tests run with the Vector API").isTrue();
        Optimizer fast = algorithm.get(), reference = algorithm.get();
        Rng rng = new Rng(n * 31L + name.hashCode());
        Parameter pf = Parameter.of("w", random(rng, n, 1.0), true);
        Parameter pr = Parameter.of("w", pf.value().copy(), true);
        Matrix[] sf = new Matrix[fast.slotCount()], sr = new Matrix[fast.slotCount()];
        for (int k = 0; k < sf.length; k++) {
            // second moments and accumulators must be non-negative; first moments may have any sign
            boolean nonNegative = !(fast instanceof Momentum) && !(fast instanceof Adam && k == 0);
            sf[k] = random(rng, n, 0.01);
            if (nonNegative) {
                for (int i = 0; i < n; i++) {
                    sf[k].set(i, Math.abs(sf[k].get(i)));
                }
            }
            sr[k] = sf[k].copy();
        }
        for (long t = 1; t <= 5; t++) {
            Matrix g = random(rng, n, 0.1);
            pf.grad().copyFrom(g);
            pr.grad().copyFrom(g);
            fast.update(pf, sf, t, fast.baseLearningRate());
            callReference(reference, pr, sr, t);
        }
        assertClose("w", pf.value(), pr.value(), 1.0);
        for (int k = 0; k < sf.length; k++) {
            assertClose(fast.slotNames().get(k), sf[k], sr[k], 1e-2);
        }
    }

    static Stream<Integer> sizes() {
        return Stream.of(1, 3, 7, 8, 9, 17, 785, 4099, 100_352); // the last splits over the kernel threads
    }

    /** Awkward values among gaussian ones: ±0, NaN, ±∞, subnormals, the float extremes. */
    private static Matrix awkward(Rng rng, int n, double scale) {
        Matrix m = random(rng, n, scale);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-40};
        for (int i = 0; i < n; i += 5) {
            m.set(i, special[(i / 5) % special.length]);
        }
        return m;
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void weightDecayFastPathGivesTheReferenceBits(int n) {
        for (double[] lambdas : new double[][] {{1e-2, 0}, {0, 1e-3}, {0.3, 0.07}}) {
            Rng rng = new Rng(n * 7L + 1);
            Matrix w = awkward(rng, n, 1.0), gf = awkward(rng, n, 0.1), gr = gf.copy();
            OptimizerKernels.decay(w.floats(), gf.floats(), 1, n, lambdas[0], lambdas[1]);
            Optimizer.decayReference(w, gr, lambdas[0], lambdas[1]);
            assertSameBits("decay λ₂=" + lambdas[0] + " λ₁=" + lambdas[1], gf, gr);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void clippingFastPathGivesTheReferenceBits(int n) {
        Rng rng = new Rng(n * 13L + 5);
        Matrix g = random(rng, n, 0.1);
        assertThat(OptimizerKernels.sumOfSquares(g.floats(), n)).isEqualTo(Optimizer.sumOfSquaresReference(g));
        Matrix plain = g.copy();
        double sequential = 0;
        for (int i = 0; i < n; i++) {
            sequential += plain.get(i) * plain.get(i);
        }
        assertThat(Optimizer.sumOfSquaresReference(g)).isCloseTo(sequential, within(1e-12 * sequential));
        Matrix gf = awkward(rng, n, 0.1), gr = gf.copy();
        OptimizerKernels.scale(gf.floats(), 1, n, 0.37);
        Optimizer.scaleReference(gr, 0.37);
        assertSameBits("scale", gf, gr);
    }

    private static void assertSameBits(String what, Matrix got, Matrix want) {
        for (int i = 0; i < want.size(); i++) {
            assertThat(Float.floatToRawIntBits(got.floats()[i])).as("%s[%d]: %s against %s", what, i, got.get(i), want.get(i))
                    .isEqualTo(Float.floatToRawIntBits(want.floats()[i]));
        }
    }

    private static void callReference(Optimizer o, Parameter p, Matrix[] slots, long t) {
        double lr = o.baseLearningRate();
        switch (o) {
            case Sgd s -> s.updateReference(p, slots, t, lr);
            case Momentum m -> m.updateReference(p, slots, t, lr);
            case Adam a -> a.updateReference(p, slots, t, lr);
            case Adagrad a -> a.updateReference(p, slots, t, lr);
            case RmsProp r -> r.updateReference(p, slots, t, lr);
            case Adadelta a -> a.updateReference(p, slots, t, lr);
            default -> throw new AssertionError("no reference loop for " + o.name());
        }
    }

    private static Matrix random(Rng rng, int n, double scale) {
        Matrix m = Matrix.zeros(1, n, Precision.FLOAT32);
        for (int i = 0; i < n; i++) {
            m.set(i, rng.nextGaussian() * scale);
        }
        return m;
    }

    /** Relative 1e-5, or 1e-5 of the tensor's typical size near zero (where float32 updates cancel). */
    private static void assertClose(String what, Matrix got, Matrix want, double size) {
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i);
            assertThat(got.get(i)).as("%s[%d]", what, i).isCloseTo(w, within(1e-5 * Math.max(size, Math.abs(w))));
        }
    }
}
