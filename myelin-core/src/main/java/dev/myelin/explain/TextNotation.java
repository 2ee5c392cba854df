package dev.myelin.explain;

/** The plain-text notation of the notes, with Unicode sub- and superscripts. */
final class TextNotation implements Notation {
    private static final String SUB = "₀₁₂₃₄₅₆₇₈₉";
    private static final String SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static String subscript(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= '0' && c <= '9' ? SUB.charAt(c - '0') : c == 'k' ? 'ₖ' : c == 'n' ? 'ₙ' : c == 'i' ? 'ᵢ'
                    : c == 'j' ? 'ⱼ' : c);
        }
        return b.toString();
    }

    static String superscript(int v) {
        StringBuilder b = new StringBuilder("⁽");
        for (char c : Integer.toString(v).toCharArray()) {
            b.append(SUP.charAt(c - '0'));
        }
        return b.append('⁾').toString();
    }

    @Override
    public String sym(String base, String sub, int layer) {
        return base + (sub.isEmpty() ? "" : subscript(sub)) + (layer >= 0 ? superscript(layer) : "");
    }

    @Override
    public String partial(String num, String den) {
        return "∂" + num + "/∂" + den;
    }

    @Override
    public String times() {
        return "·";
    }

    @Override
    public String minus() {
        return " − ";
    }

    @Override
    public String call(String activation, String arg) {
        return (activation.equals("sigmoid") ? "σ" : activation) + "(" + arg + ")";
    }

    @Override
    public String sum(String index) {
        return "Σ" + subscript(index) + " ";
    }

    @Override
    public String half() {
        return "½";
    }

    @Override
    public String frac(String a, String b) {
        return a + "/" + b;
    }

    @Override
    public String ln(String arg) {
        return "ln(" + arg + ")";
    }

    @Override
    public String eta() {
        return "η";
    }

    @Override
    public String arrow() {
        return " ← ";
    }

    @Override
    public String yHat(String sub) {
        return "ŷ" + subscript(sub);
    }

    @Override
    public String text(String words) {
        return words;
    }

    @Override
    public String inline(String formula) {
        return formula;
    }

    @Override
    public String line(int indent, String formula, String comment) {
        return "  ".repeat(indent) + formula + (comment == null || comment.isEmpty() ? "" : "   (" + comment + ")") + "\n";
    }

    @Override
    public String words(int indent, String words) {
        return "  ".repeat(indent) + words + "\n";
    }

    @Override
    public String heading(int level, String title) {
        return switch (level) {
            case 1 -> "\n══ " + title + " " + "═".repeat(Math.max(3, 60 - title.length())) + "\n";
            case 2 -> "\n" + title + "\n";
            default -> "  " + title + "\n";
        };
    }
}
