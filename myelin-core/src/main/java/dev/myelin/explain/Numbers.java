package dev.myelin.explain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How the explanations print numbers: 11 significant digits, trailing zeros dropped, so that the
 * notes' inputs read as they were typed ({@code 7.7}, {@code 2}) and computed values carry enough
 * digits to check any hand calculation ({@code 0.99954737778}). Very small or very large magnitudes
 * use an exponent ({@code -4.6077335779e-6}).
 */
public final class Numbers {
    /** Significant digits printed. */
    public static final int DIGITS = 11;

    private Numbers() {}

    /** {@code v} with {@link #DIGITS} significant digits. */
    public static String format(double v) {
        return format(v, DIGITS);
    }

    /** {@code v} with {@code digits} significant digits, trailing zeros dropped. */
    public static String format(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e12) {
            return d.toPlainString();
        }
        // d = unscaled · 10^(−scale); write it as m.mmm e±k
        String digitsText = d.unscaledValue().abs().toString();
        int exponent = digitsText.length() - 1 - d.scale();
        String mantissa = digitsText.length() == 1 ? digitsText : digitsText.charAt(0) + "." + digitsText.substring(1);
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
}
