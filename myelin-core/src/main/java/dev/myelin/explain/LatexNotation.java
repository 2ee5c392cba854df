package dev.myelin.explain;

/**
 * Markdown with LaTeX formulas, for notebooks and pages that render math (GitHub, KaTeX, MathJax):
 * every formula sits between {@code $…$}; words outside them carry no TeX, and names with an
 * underscore ({@code half_sse}, {@code exp_avg}) are code spans so Markdown does not read them as
 * emphasis. Inside {@code \text{…}} an underscore is escaped, as text mode requires.
 */
final class LatexNotation implements Notation {
    /** A name with an underscore, e.g. {@code half_sse}. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9]*_[A-Za-z0-9_]*");

    @Override
    public String sym(String base, String sub, int layer) {
        String b = switch (base) {
            case "δ" -> "\\delta";
            case "out" -> "\\text{out}";
            default -> base;
        };
        return b + (sub.isEmpty() ? "" : "_{" + sub + "}") + (layer >= 0 ? "^{(" + layer + ")}" : "");
    }

    @Override
    public String partial(String num, String den) {
        return "\\frac{\\partial " + num + "}{\\partial " + den + "}";
    }

    @Override
    public String times() {
        return " \\cdot ";
    }

    @Override
    public String minus() {
        return " - ";
    }

    @Override
    public String call(String activation, String arg) {
        String f = switch (activation) {
            case "sigmoid" -> "\\sigma";
            case "tanh" -> "\\tanh";
            default -> "\\operatorname{" + activation.replace("_", "\\_") + "}";
        };
        return f + "(" + arg + ")";
    }

    @Override
    public String sum(String index) {
        return "\\sum_{" + index + "} ";
    }

    @Override
    public String half() {
        return "\\tfrac{1}{2}";
    }

    @Override
    public String frac(String a, String b) {
        return "\\frac{" + a + "}{" + b + "}";
    }

    @Override
    public String ln(String arg) {
        return "\\ln(" + arg + ")";
    }

    @Override
    public String eta() {
        return "\\eta";
    }

    @Override
    public String arrow() {
        return " \\leftarrow ";
    }

    @Override
    public String yHat(String sub) {
        return "\\hat{y}" + (sub.isEmpty() ? "" : "_{" + sub + "}");
    }

    @Override
    public String text(String words) {
        return "\\text{" + words.replace("_", "\\_") + "}";
    }

    @Override
    public String num(double v) {
        String s = Numbers.format(v);
        int e = s.indexOf('e');
        return e < 0 ? s : s.substring(0, e) + " \\times 10^{" + s.substring(e + 1) + "}";
    }

    @Override
    public String inline(String formula) {
        return "$" + math(formula) + "$";
    }

    @Override
    public String line(int indent, String formula, String comment) {
        return "  ".repeat(Math.max(0, indent - 1)) + "- $" + math(formula) + "$"
                + (comment == null || comment.isEmpty() ? "" : " (" + prose(comment) + ")") + "\n";
    }

    @Override
    public String words(int indent, String words) {
        return "  ".repeat(Math.max(0, indent - 1)) + "- " + prose(words) + "\n";
    }

    @Override
    public String heading(int level, String title) {
        return "\n" + "#".repeat(level + 1) + " " + prose(title) + "\n\n";
    }

    /**
     * A formula's text for between dollars: Unicode operators as TeX outside {@code \text{…}} (inside
     * it, {@code \cdot} and {@code ^} would be errors of text mode), no space next to a dollar.
     */
    static String math(String formula) {
        StringBuilder b = new StringBuilder();
        int from = 0;
        while (from < formula.length()) {
            int t = formula.indexOf("\\text{", from);
            int end = t < 0 ? -1 : formula.indexOf('}', t);
            if (t < 0 || end < 0) {
                b.append(operators(formula.substring(from)));
                break;
            }
            b.append(operators(formula.substring(from, t))).append(formula, t, end + 1);
            from = end + 1;
        }
        return b.toString().strip();
    }

    private static String operators(String s) {
        return s.replace("²", "^{2}").replace("·", " \\cdot ").replace("−", "-");
    }

    /** Words: outside the {@code $…$} parts, names with an underscore become code spans. */
    static String prose(String words) {
        String[] parts = words.split("\\$", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append('$');
            }
            b.append(i % 2 == 1 ? parts[i] : NAME.matcher(parts[i]).replaceAll(m -> "`" + m.group() + "`"));
        }
        return b.toString();
    }
}
