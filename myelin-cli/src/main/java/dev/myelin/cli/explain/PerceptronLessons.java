package dev.myelin.cli.explain;

import dev.myelin.perceptron.Perceptron;
import java.util.Arrays;
import java.util.Locale;

/**
 * The perceptron lessons of notes 001 and 003 as text: the perceptron rule on AND, OR and XOR (XOR
 * never converges: no line separates it), XOR built from OR and AND in two layers, and the cheese
 * festival decision with w = (6, 2, 2) and thresholds 5 and 3.
 */
final class PerceptronLessons {
    static final double[][] INPUTS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final int[] AND = {0, 0, 0, 1};
    static final int[] OR = {0, 1, 1, 1};
    static final int[] XOR = {0, 1, 1, 0};
    static final int MAX_EPOCHS = 25;

    private PerceptronLessons() {}

    static String all() {
        StringBuilder b = new StringBuilder();
        b.append("The perceptron: output = 1 if Σ wⱼxⱼ + b > 0, else 0 (b = −threshold).\n");
        b.append("The perceptron rule, example by example: w ← w + η(t − o)x, b ← b + η(t − o), η = 1, from w = 0, b = 0.\n\n");
        Perceptron and = learn(b, "AND", AND);
        Perceptron or = learn(b, "OR", OR);
        learn(b, "XOR", XOR);
        b.append("XOR is not linearly separable: no single perceptron computes it, so the rule never stops making mistakes.\n\n");
        xorFromOrAnd(b, or, and);
        cheeseFestival(b);
        return b.toString();
    }

    static Perceptron learn(StringBuilder b, String name, int[] targets) {
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.train(INPUTS, targets, 1.0, MAX_EPOCHS);
        b.append(String.format(Locale.ROOT, "%s: %s%n", name, r.converged()
                ? "converged after " + r.epochs() + " epoch" + (r.epochs() == 1 ? "" : "s") + ": w = " + vec(p.weights()) + ", b = " + fmt(p.bias())
                : "did NOT converge in " + r.epochs() + " epochs"));
        b.append("  mistakes per epoch: ").append(Arrays.toString(r.mistakesPerEpoch())).append('\n');
        b.append("  x1 x2 | target output\n");
        for (int i = 0; i < INPUTS.length; i++) {
            b.append(String.format(Locale.ROOT, "   %d  %d |   %d      %d%n", (int) INPUTS[i][0], (int) INPUTS[i][1], targets[i],
                    p.predict(INPUTS[i])));
        }
        b.append('\n');
        return p;
    }

    static void xorFromOrAnd(StringBuilder b, Perceptron or, Perceptron and) {
        b.append("XOR(x1, x2) = OR(x1, x2) AND NOT AND(x1, x2): two layers of perceptrons (notes 001).\n");
        b.append("  layer 1: the OR and AND perceptrons learned above give new coordinates (OR, AND)\n");
        Perceptron out = new Perceptron(new double[] {1, -1}, -0.5);
        b.append("  layer 2: output = 1 if 1·OR − 1·AND − 0.5 > 0 (OR and not AND)\n");
        b.append("  x1 x2 | OR AND | XOR\n");
        for (double[] x : INPUTS) {
            int o = or.predict(x);
            int a = and.predict(x);
            b.append(String.format(Locale.ROOT, "   %d  %d |  %d   %d |  %d%n", (int) x[0], (int) x[1], o, a,
                    out.predict(new double[] {o, a})));
        }
        b.append('\n');
    }

    static void cheeseFestival(StringBuilder b) {
        double[] w = {6, 2, 2};
        b.append("Go to Gouda for the cheese festival? (notes 003) x1: good weather, x2: with a friend, x3: easy commute;\n");
        b.append("w = (6, 2, 2); output = 1 if Σ wⱼxⱼ > threshold.\n");
        for (double threshold : new double[] {5, 3}) {
            Perceptron p = Perceptron.withThreshold(w, threshold);
            b.append(String.format(Locale.ROOT, "  threshold %s:%n", fmt(threshold)));
            b.append("   x1 x2 x3 | Σ wx | go?\n");
            for (int m = 0; m < 8; m++) {
                double[] x = {(m >> 2) & 1, (m >> 1) & 1, m & 1};
                b.append(String.format(Locale.ROOT, "    %d  %d  %d | %4s | %s%n", (int) x[0], (int) x[1], (int) x[2],
                        fmt(p.weightedSum(x) + threshold), p.predict(x) == 1 ? "yes" : "no"));
            }
            b.append(threshold == 5 ? "   → only the weather decides: 6 > 5, while friend and commute together give 4 ≤ 5.\n"
                    : "   → good weather is enough, and so are a friend and an easy commute together (4 > 3); one of them alone (2) is not.\n");
        }
    }

    private static String vec(double[] v) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            s.append(i > 0 ? ", " : "").append(fmt(v[i]));
        }
        return s.append(')').toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
