package dev.myelin.explain;

/** Markdown with LaTeX formulas ($…$), for notebooks and pages that render math. */
final class LatexNotation implements Notation {
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
        return "\\text{" + words + "}";
    }

    @Override
    public String num(double v) {
        String s = Numbers.format(v);
        int e = s.indexOf('e');
        return e < 0 ? s : s.substring(0, e) + " \\times 10^{" + s.substring(e + 1) + "}";
    }

    @Override
    public String line(int indent, String formula, String comment) {
        String f = formula.replace("²", "^{2}").replace("·", " \\cdot ").replace("−", "-");
        return "  ".repeat(Math.max(0, indent - 1)) + "- $" + f + "$"
                + (comment == null || comment.isEmpty() ? "" : " (" + comment + ")") + "\n";
    }

    @Override
    public String words(int indent, String words) {
        return "  ".repeat(Math.max(0, indent - 1)) + "- " + words + "\n";
    }

    @Override
    public String heading(int level, String title) {
        return "\n" + "#".repeat(level + 1) + " " + title + "\n\n";
    }
}
