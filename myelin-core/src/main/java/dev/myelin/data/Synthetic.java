package dev.myelin.data;

import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Locale;

/**
 * The TensorFlow Playground's synthetic data sets, reimplemented from the behaviour its
 * {@code dataset.ts} documents: two features (x1, x2) per example, in float64, roughly in [−6, 6]².
 *
 * <p>Classification sets have one 0/1 target column (the playground's label +1 is class 1, −1 is
 * class 0; class names "0", "1"); regression sets have one value column. {@code noise} is the
 * playground's slider, a percentage 0–50; below, ν = noise/100 and U(a, b) is uniform.
 * <ul>
 *   <li>{@code circle}: half the points at radius U(0, 2.5), half at U(3.5, 5), angle U(0, 2π); class 1
 *       iff the point moved by (U(−5, 5)·ν, U(−5, 5)·ν) lies within radius 2.5.
 *   <li>{@code xor}: x, y ~ U(−5, 5) pushed 0.3 away from the axes; class 1 iff x'·y' ≥ 0 for the point
 *       moved by (U(−5, 5)·ν, U(−5, 5)·ν).
 *   <li>{@code gauss}: two Gaussian blobs centred at (2, 2) (class 1) and (−2, −2) (class 0), variance
 *       0.5 + 7ν (0.5 to 4) per coordinate.
 *   <li>{@code spiral}: two interleaved spirals, point i of m per class: r = 5i/m, t = 3.5π·i/m + Δ
 *       (Δ = 0 for class 1, π for class 0), (r·sin t + U(−1, 1)·ν, r·cos t + U(−1, 1)·ν).
 *   <li>{@code plane}: x, y ~ U(−6, 6), target (x' + y')/10 for the point moved by (U(−6, 6)·ν, U(−6, 6)·ν).
 *   <li>{@code multigauss}: x, y ~ U(−6, 6), target the value of largest magnitude among six signed
 *       bumps ±max(0, 1 − d/2) at (−4, 2.5)+, (0, 2.5)−, (4, 2.5)+, (−4, −2.5)−, (0, −2.5)+, (4, −2.5)−,
 *       d the distance from the moved point (as for plane) to the bump's centre.
 * </ul>
 * Like the playground, the examples are shuffled before they are returned, so any prefix is a fair
 * sample. Every draw comes from one {@link Rng} seeded with {@code seed}: the same (n, noise, seed)
 * gives the same data set. Class sets of odd size give class 1 the extra example.
 */
public final class Synthetic {
    /** The data set names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("circle", "xor", "gauss", "spiral", "plane", "multigauss");

    /** The class names of the classification sets. */
    public static final List<String> CLASS_NAMES = List.of("0", "1");

    private static final double[][] BUMPS = {
        {-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}
    };

    private Synthetic() {}

    /** The data set {@code name} (one of {@link #NAMES}) with {@code n} examples. */
    public static Dataset byName(String name, int n, double noise, long seed) {
        return switch (normalize(name)) {
            case "circle" -> circle(n, noise, seed);
            case "xor" -> xor(n, noise, seed);
            case "gauss" -> gauss(n, noise, seed);
            case "spiral" -> spiral(n, noise, seed);
            case "plane" -> plane(n, noise, seed);
            case "multigauss" -> multiGauss(n, noise, seed);
            default -> throw new IllegalArgumentException("unknown synthetic data set '" + name + "': expected one of "
                    + String.join(", ", NAMES));
        };
    }

    /** True for the regression sets (plane, multigauss), false for the classification sets. */
    public static boolean isRegression(String name) {
        String n = normalize(name);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown synthetic data set '" + name + "': expected one of "
                    + String.join(", ", NAMES));
        }
        return n.equals("plane") || n.equals("multigauss");
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    public static Dataset circle(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        double radius = 5;
        for (int i = 0; i < n; i++) {
            boolean inside = i < positives(n);
            double r = inside ? uniform(rng, 0, radius * 0.5) : uniform(rng, radius * 0.7, radius);
            double angle = uniform(rng, 0, 2 * Math.PI);
            double x = r * Math.sin(angle);
            double y = r * Math.cos(angle);
            double nx = uniform(rng, -radius, radius) * nu;
            double ny = uniform(rng, -radius, radius) * nu;
            b.add(x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0);
        }
        return b.build(rng, true);
    }

    public static Dataset xor(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        double padding = 0.3;
        for (int i = 0; i < n; i++) {
            double x = uniform(rng, -5, 5);
            x += x > 0 ? padding : -padding;
            double y = uniform(rng, -5, 5);
            y += y > 0 ? padding : -padding;
            double nx = uniform(rng, -5, 5) * nu;
            double ny = uniform(rng, -5, 5) * nu;
            b.add(x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0);
        }
        return b.build(rng, true);
    }

    public static Dataset gauss(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        double sd = Math.sqrt(0.5 + 7 * nu); // the playground's variance scale: [0, 0.5] → [0.5, 4]
        for (int i = 0; i < n; i++) {
            boolean positive = i < positives(n);
            double c = positive ? 2 : -2;
            b.add(c + sd * rng.nextGaussian(), c + sd * rng.nextGaussian(), positive ? 1 : 0);
        }
        return b.build(rng, true);
    }

    public static Dataset spiral(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        spiralArm(b, rng, positives(n), 0, 1, nu);
        spiralArm(b, rng, n - positives(n), Math.PI, 0, nu);
        return b.build(rng, true);
    }

    private static void spiralArm(Builder b, Rng rng, int m, double deltaT, int label, double nu) {
        for (int i = 0; i < m; i++) {
            double r = (double) i / m * 5;
            double t = 1.75 * i / m * 2 * Math.PI + deltaT;
            double x = r * Math.sin(t) + uniform(rng, -1, 1) * nu;
            double y = r * Math.cos(t) + uniform(rng, -1, 1) * nu;
            b.add(x, y, label);
        }
    }

    public static Dataset plane(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        for (int i = 0; i < n; i++) {
            double x = uniform(rng, -6, 6);
            double y = uniform(rng, -6, 6);
            double nx = uniform(rng, -6, 6) * nu;
            double ny = uniform(rng, -6, 6) * nu;
            b.add(x, y, planeValue(x + nx, y + ny));
        }
        return b.build(rng, false);
    }

    public static Dataset multiGauss(int n, double noise, long seed) {
        double nu = check(n, noise);
        Rng rng = new Rng(seed);
        Builder b = new Builder(n);
        for (int i = 0; i < n; i++) {
            double x = uniform(rng, -6, 6);
            double y = uniform(rng, -6, 6);
            double nx = uniform(rng, -6, 6) * nu;
            double ny = uniform(rng, -6, 6) * nu;
            b.add(x, y, multiGaussValue(x + nx, y + ny));
        }
        return b.build(rng, false);
    }

    /** The plane's target without noise: (x + y)/10, the playground's scale [−10, 10] → [−1, 1]. */
    public static double planeValue(double x, double y) {
        return (x + y) / 10;
    }

    /** The multi-Gaussian target without noise: the signed bump of largest magnitude at (x, y). */
    public static double multiGaussValue(double x, double y) {
        double value = 0;
        for (double[] g : BUMPS) {
            double d = Math.hypot(x - g[0], y - g[1]);
            double v = g[2] * Math.max(0, 1 - d / 2);
            if (Math.abs(v) > Math.abs(value)) {
                value = v;
            }
        }
        return value;
    }

    private static int positives(int n) {
        return n - n / 2;
    }

    private static double uniform(Rng rng, double a, double b) {
        return rng.nextDouble() * (b - a) + a;
    }

    private static double check(int n, double noise) {
        if (n < 1) {
            throw new IllegalArgumentException("a synthetic data set needs at least 1 example, got " + n);
        }
        if (!(noise >= 0 && noise <= 50)) {
            throw new IllegalArgumentException("the noise is a percentage from 0 to 50 (the playground's slider), got "
                    + noise);
        }
        return noise / 100;
    }

    /** Collects (x1, x2, target) rows, then shuffles them with the same generator. */
    private static final class Builder {
        private final double[] x1, x2, target;
        private int size;

        Builder(int n) {
            x1 = new double[n];
            x2 = new double[n];
            target = new double[n];
        }

        void add(double a, double b, double t) {
            x1[size] = a;
            x2[size] = b;
            target[size] = t;
            size++;
        }

        Dataset build(Rng rng, boolean classification) {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            Matrix x = Matrix.zeros(size, 2, Precision.FLOAT64);
            Matrix y = Matrix.zeros(size, 1, Precision.FLOAT64);
            for (int r = 0; r < size; r++) {
                x.set(r, 0, x1[order[r]]);
                x.set(r, 1, x2[order[r]]);
                y.set(r, 0, target[order[r]]);
            }
            return new Dataset(x, y, classification ? CLASS_NAMES : null);
        }
    }
}
