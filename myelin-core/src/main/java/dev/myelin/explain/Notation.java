package dev.myelin.explain;

/**
 * How an explanation writes its symbols: {@link #TEXT} in the notes' plain notation with Unicode
 * (z₁⁽¹⁾ = 0.2·2 + 0.8·9 + 0.1 = 7.7), {@link #MARKDOWN} as Markdown with LaTeX formulas
 * ($z_{1}^{(1)} = 0.2 \cdot 2 + \dots$). The renderer writes each quantity once through these methods.
 */
interface Notation {
    Notation TEXT = new TextNotation();
    Notation MARKDOWN = new LatexNotation();

    /** A symbol with a subscript and, if {@code layer} ≥ 0, the layer as superscript: z₁⁽¹⁾. */
    String sym(String base, String sub, int layer);

    /** ∂num/∂den. */
    String partial(String num, String den);

    /** The multiplication dot. */
    String times();

    /** The operator minus (numbers keep an ASCII '-'). */
    String minus();

    /** An activation applied to an argument: σ(7.7), tanh(…), relu(…). */
    String call(String activation, String arg);

    /** A sum over an index: Σₖ. */
    String sum(String index);

    /** The fraction ½. */
    String half();

    /** A fraction a/b. */
    String frac(String a, String b);

    /** The natural logarithm of an argument. */
    String ln(String arg);

    /** The learning rate symbol η. */
    String eta();

    /** The update arrow ←. */
    String arrow();

    /** ŷ. */
    String yHat(String sub);

    /** Words inside a formula. */
    String text(String words);

    /** A number, with {@link Numbers#DIGITS} significant digits. */
    default String num(double v) {
        return Numbers.format(v);
    }

    /** A number as a factor: negative numbers in parentheses. */
    default String factor(double v) {
        String s = num(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    /** A formula inside words (a comment): as is in text, between {@code $…$} in Markdown. */
    String inline(String formula);

    /** One line: a formula and an optional comment in words (formulas in it made by {@link #inline}). */
    String line(int indent, String formula, String comment);

    /** A line of words. */
    String words(int indent, String words);

    /** A heading of level 1 (a step) to 3 (a layer). */
    String heading(int level, String title);
}
