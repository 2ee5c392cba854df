package dev.myelin.diagnostics;

import dev.myelin.nn.Sequential;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;

/**
 * Activation maximization (Erhan et al. 2009; notes 001, "they optimised the input to maximise the
 * activation of that node"): the input x* = argmax a_u(x) subject to ‖x‖₂ ≤ ρ, found by projected
 * gradient ascent on the input,
 *
 * <pre>  g = ∂a_u/∂x (backpropagated to the input),  x ← x + η·g/‖g‖,  then x ← x·min(1, ρ/‖x‖)
 *   and, if a box is given, x ← clamp(x, lo, hi).</pre>
 *
 * The unit u is in any dense layer (hidden or output); for the output layer one usually maximizes the
 * pre-activation z (the class logit) rather than a softmax probability, which other classes can raise
 * by going down. The start is small seeded noise. For a first-layer unit the answer is known in closed
 * form: z = w·x + b is largest on the ball at x* = ρ·w/‖w‖, which the tests check.
 */
public final class ActivationMaximization {
    private ActivationMaximization() {}

    /**
     * The settings.
     *
     * @param radius ρ, the largest allowed ‖x‖₂
     * @param stepSize η, the length of each ascent step
     * @param steps how many steps
     * @param lo lower bound of every input value (−∞ for none)
     * @param hi upper bound (+∞ for none)
     * @param preActivation maximize z instead of a = g(z)
     * @param seed seeds the starting noise
     */
    public record Options(double radius, double stepSize, int steps, double lo, double hi, boolean preActivation, long seed) {
        public Options {
            if (!(radius > 0) || !(stepSize > 0) || steps < 1 || !(lo < hi)) {
                throw new IllegalArgumentException("activation maximization needs radius > 0, step size > 0, steps ≥ 1 and lo < hi");
            }
        }

        /** ρ, η = ρ/20, 200 steps, no box, the activation a, seed 1. */
        public static Options withRadius(double radius) {
            return new Options(radius, radius / 20, 200, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false, 1);
        }

        /** Keeps every input value in [lo, hi] after each step (e.g. [0, 1] for pixels). */
        public Options box(double lo, double hi) {
            return new Options(radius, stepSize, steps, lo, hi, preActivation, seed);
        }

        /** Maximizes the pre-activation z instead of the activation a (for softmax: the class logit). */
        public Options preActivation(boolean pre) {
            return new Options(radius, stepSize, steps, lo, hi, pre, seed);
        }

        /** The number of gradient-ascent steps. */
        public Options steps(int n) {
            return new Options(radius, stepSize, n, lo, hi, preActivation, seed);
        }
    }

    /**
     * The result.
     *
     * @param input x*, one value per network input
     * @param value the unit's activation (or z) at x*
     * @param initialValue at the starting point
     */
    public record Result(double[] input, double value, double initialValue) {}

    /** Maximizes unit {@code unit} of layer {@code layer} (network layer indices, 0-based). */
    public static Result maximize(Sequential network, int layer, int unit, Options o) {
        Sequential probe = UnitProbe.prefix(network, layer, o.preActivation());
        UnitProbe.checkUnit(network, layer, unit);
        UnitObjective objective = new UnitObjective(unit, o.preActivation());
        int n = network.inputs();
        Rng rng = new Rng(o.seed());
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = clamp(0.01 * o.radius() / Math.sqrt(n) * rng.nextGaussian(), o);
        }
        Matrix xm = Matrix.zeros(1, n, network.precision());
        Matrix dummy = Matrix.zeros(1, probe.outputs(), network.precision());
        double initial = Double.NaN;
        for (int step = 0; step < o.steps(); step++) {
            load(xm, x);
            double e = probe.computeGradients(xm, dummy, objective, false, true);
            if (step == 0) {
                initial = -e;
            }
            Matrix g = probe.lastInputGradient(); // ∂E/∂x = −∂a_u/∂x
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += g.get(i) * g.get(i);
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                x[i] -= o.stepSize() * g.get(i) / norm;
            }
            project(x, o);
        }
        load(xm, x);
        double value = -probe.computeGradients(xm, dummy, objective, false, false);
        return new Result(x, value, initial);
    }

    private static void project(double[] x, Options o) {
        double norm = 0;
        for (double v : x) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double scale = norm > o.radius() ? o.radius() / norm : 1;
        for (int i = 0; i < x.length; i++) {
            x[i] = clamp(x[i] * scale, o);
        }
    }

    private static double clamp(double v, Options o) {
        return Math.max(o.lo(), Math.min(o.hi(), v));
    }

    private static void load(Matrix m, double[] x) {
        for (int i = 0; i < x.length; i++) {
            m.set(0, i, x[i]);
        }
    }
}
