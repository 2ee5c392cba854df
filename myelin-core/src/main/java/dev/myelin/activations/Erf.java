package dev.myelin.activations;

/**
 * The error function, which the JDK lacks, to double precision (relative error about 1e-15).
 *
 * <p>erf(x) = 2/√π · Σₙ (−1)ⁿ x^(2n+1) / (n!(2n+1)) for |x| &lt; 2 (the Maclaurin series: at most
 * about 40 terms, cancellation below 1e-14 there); for |x| ≥ 2, erfc(x) by its continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))), evaluated with the modified Lentz method.
 */
final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

    private Erf() {}

    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax < 2) {
            return series(x);
        }
        double r = 1 - erfcLarge(ax);
        return x < 0 ? -r : r;
    }

    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x >= 2) {
            return erfcLarge(x);
        }
        if (x <= -2) {
            return 2 - erfcLarge(-x);
        }
        return 1 - series(x);
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x; // (−1)ⁿ x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 100; n++) {
            term *= -x2 / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) for x ≥ 2 by the continued fraction, modified Lentz. */
    private static double erfcLarge(double x) {
        if (x > 27) {
            return 0; // e^(−729) underflows
        }
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double an = n / 2.0;
            d = x + an * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) * INV_SQRT_PI / f;
    }
}
