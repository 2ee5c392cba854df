package dev.myelin.cli.base;

import java.util.Locale;

/**
 * How the command line prints a loss or an error measure: four significant digits ({@code %.4g}), so
 * that a regression loss of 0.000012 prints as {@code 1.200e-05}, not {@code 0.0000}, and a loss of
 * 2,913.6 as {@code 2914}. Progress lines, the test line and {@code evaluate} use it, so the same
 * number reads the same everywhere (the model's provenance keeps six digits).
 */
public final class Figures {
    private Figures() {}

    /** {@code v} with four significant digits (Java's {@code %.4g}, Locale.ROOT); exactly 0 as {@code 0}; NaN and infinities as Java names them. */
    public static String loss(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0"; // %.4g would print 0.000, which reads as a rounded small loss
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
