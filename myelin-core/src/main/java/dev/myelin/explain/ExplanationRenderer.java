package dev.myelin.explain;

import dev.myelin.explain.Explanation.LayerStep;
import dev.myelin.explain.Explanation.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an {@link Explanation} the way the notes compute by hand, one line per quantity: the
 * forward pass unit by unit (z = Σ w·x + b with the numbers, then a = σ(z)), the loss with its
 * formula, the backward pass (∂E/∂out, ∂out/∂z, δ, the delta rule for hidden layers, every weight and
 * bias gradient as δ·a_prev with its factors) and the update (w ← w − η·∂E/∂w). {@link #text} uses
 * the notes' plain notation, {@link #markdown} the same lines as LaTeX formulas.
 *
 * <p>Layers are numbered from 1 (superscript ⁽ˡ⁾, as in notes 001); weights w_ij connect input i to
 * unit j, and the comment (w7) gives the notes' running number (row by row through W = [inputs][units],
 * layer after layer). The first {@link #DETAILED_STEPS} steps and the last are written in full, the
 * others as one loss line. A layer without bias has z = Σ w·x and no bias lines; a forward pass alone
 * ({@link Explanation#forwardOnly()}) is the forward section and a sentence saying why nothing follows.
 */
public final class ExplanationRenderer {
    /** Steps written in full before the renderer switches to one line per step. */
    public static final int DETAILED_STEPS = 3;
    /** Sums with more terms than this are written as Σ (n terms). */
    static final int MAX_TERMS = 10;
    /** Weight lines per layer beyond which the rest are summarized. */
    static final int MAX_WEIGHT_LINES = 60;

    private final Notation n;
    private final Explanation e;
    private final StringBuilder out = new StringBuilder();
    private final LossFormulas loss;

    private ExplanationRenderer(Notation n, Explanation e) {
        this.n = n;
        this.e = e;
        this.loss = new LossFormulas(n, e.loss(), e.fused());
    }

    /** The explanation in the notes' plain notation. */
    public static String text(Explanation e) {
        return new ExplanationRenderer(Notation.TEXT, e).render();
    }

    /** The explanation as Markdown with LaTeX formulas. */
    public static String markdown(Explanation e) {
        return new ExplanationRenderer(Notation.MARKDOWN, e).render();
    }

    private String render() {
        Step first = e.steps().get(0);
        if (e.forwardOnly()) {
            out.append(n.heading(1, "Forward pass of " + first.x().length + " example" + (first.x().length == 1 ? "" : "s")));
            out.append(n.words(1, "no target was given, so there is no loss, backward pass or update; give targets to see them"));
            forward(first);
            return out.toString();
        }
        out.append(n.heading(1, "Explaining " + e.steps().size() + " training step" + (e.steps().size() == 1 ? "" : "s")));
        out.append(n.words(1, "loss " + e.loss() + ", optimizer " + e.optimizer() + ", learning rate "
                + Numbers.format(e.learningRate()) + ", " + first.x().length + " example" + (first.x().length == 1 ? "" : "s")
                + (first.x().length > 1 ? " (gradients are averaged over the batch, as the loss is)" : "")));
        int last = e.steps().size();
        for (Step s : e.steps()) {
            if (s.index() <= DETAILED_STEPS || s.index() == last) {
                step(s);
            } else if (s.index() == DETAILED_STEPS + 1) {
                out.append(n.words(1, "… steps " + s.index() + " to " + (last - 1) + " as above; their losses are listed below"));
            }
        }
        out.append(n.heading(1, "Loss after each step"));
        for (int i = 0; i < e.steps().size(); i++) {
            double after = i + 1 < e.steps().size() ? e.steps().get(i + 1).loss() : e.finalLoss();
            out.append(n.line(1, n.text("step " + (i + 1) + ": ") + "E = " + n.num(e.steps().get(i).loss())
                    + n.text(" before, ") + n.num(after) + n.text(" after"), null));
        }
        return out.toString();
    }

    private void step(Step s) {
        out.append(n.heading(1, "Step " + s.index()));
        forward(s);
        out.append(n.heading(2, "Loss"));
        out.append(n.line(1, loss.definition(), null));
        for (int ex = 0; ex < s.x().length; ex++) {
            String prefix = s.x().length > 1 ? "E" + TextNotation.subscript(Integer.toString(ex + 1)) : "E";
            if (n == Notation.MARKDOWN && s.x().length > 1) {
                prefix = "E_{" + (ex + 1) + "}";
            }
            out.append(n.line(1, prefix + " = " + loss.example(s.outputs()[ex], s.y()[ex]) + " = " + n.num(s.exampleLosses()[ex]), null));
        }
        if (s.x().length > 1) {
            out.append(n.line(1, "E = " + n.frac("1", "N") + n.times() + n.sum("n") + "E" + (n == Notation.MARKDOWN ? "_n" : "ₙ") + " = "
                    + n.num(s.loss()), "the mean over " + s.x().length + " examples"));
        }
        out.append(n.heading(2, "Backward pass"));
        for (int li = s.layers().size() - 1; li >= 0; li--) {
            LayerStep l = s.layers().get(li);
            out.append(n.heading(3, layerTitle(l, s)));
            for (int ex = 0; ex < s.x().length; ex++) {
                if (s.x().length > 1) {
                    out.append(n.words(2, "example " + (ex + 1) + ":"));
                }
                for (int j = 0; j < l.units(); j++) {
                    backwardUnit(s, l, ex, j);
                }
            }
            gradients(s, l);
        }
        update(s);
    }

    private void forward(Step s) {
        out.append(n.heading(2, "Forward pass"));
        for (LayerStep l : s.layers()) {
            out.append(n.heading(3, layerTitle(l, s)));
            for (int ex = 0; ex < s.x().length; ex++) {
                if (s.x().length > 1 || l.index() == 0) {
                    out.append(n.words(2, "example " + (ex + 1) + ": x = " + vector(s.x()[ex])
                            + (s.y() == null ? "" : ", target = " + vector(s.y()[ex]))));
                }
                for (int j = 0; j < l.units(); j++) {
                    forwardUnit(l, s, ex, j);
                }
            }
        }
    }

    private String layerTitle(LayerStep l, Step s) {
        boolean output = l.index() == s.layers().size() - 1;
        return "layer " + (l.index() + 1) + ": dense " + l.inputs() + "→" + l.units() + ", " + l.activation()
                + (l.hasBias() ? "" : ", no bias") + (output ? " (output)" : "");
    }

    private String vector(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double d : v) {
            parts.add(Numbers.format(d));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private String prevSym(LayerStep l, int i) {
        return l.index() == 0 ? n.sym("x", Integer.toString(i + 1), -1) : n.sym("a", Integer.toString(i + 1), l.index());
    }

    private void forwardUnit(LayerStep l, Step s, int ex, int j) {
        int layer = l.index() + 1;
        String jj = Integer.toString(j + 1);
        StringBuilder sum = new StringBuilder();
        if (l.inputs() <= MAX_TERMS) {
            for (int i = 0; i < l.inputs(); i++) {
                sum.append(n.num(l.weights()[i][j])).append(n.times()).append(n.factor(l.input()[ex][i])).append(" + ");
            }
        } else {
            sum.append(n.sum("i")).append(n.sym("w", "i," + jj, layer)).append(n.times()).append(prevSym(l, 0).replace("1", "i"))
                    .append(" ").append(n.text("(" + l.inputs() + " terms)")).append(" + ");
        }
        if (l.hasBias()) {
            sum.append(n.factor(l.bias()[j]));
        } else {
            sum.setLength(sum.length() - " + ".length());
        }
        out.append(n.line(2, n.sym("z", jj, layer) + " = " + sum + " = " + n.num(l.z()[ex][j]), null));
        boolean output = l.index() == s.layers().size() - 1;
        String a = (output ? n.yHat(jj) + " = " : "") + n.sym("a", jj, layer);
        String value = l.activation().equals("softmax")
                ? n.call("softmax", n.sym("z", "", layer)) + "_" + jj
                : n.call(l.activation(), n.num(l.z()[ex][j]));
        out.append(n.line(2, a + " = " + value + " = " + n.num(l.a()[ex][j]), null));
    }

    private void backwardUnit(Step s, LayerStep l, int ex, int j) {
        int layer = l.index() + 1;
        String jj = Integer.toString(j + 1);
        boolean output = l.index() == s.layers().size() - 1;
        String delta = n.sym("δ", jj, layer);
        double a = l.a()[ex][j];
        double d = l.delta()[ex][j];
        if (output && e.fused()) {
            out.append(n.line(2, delta + " = " + loss.fusedDelta(a, s.y()[ex][j], s.x().length, l.units()) + " = " + n.num(d),
                    e.loss() + " is fused with " + l.activation() + ": ∂E/∂out·∂out/∂z simplifies"));
            return;
        }
        String outSym = output ? n.sym("out", l.units() > 1 ? jj : "", -1) : n.sym("a", jj, layer);
        String zSym = output ? n.sym("z", l.units() > 1 ? jj : "", -1) : n.sym("z", jj, layer);
        double g = l.gradA()[ex][j];
        if (output) {
            out.append(n.line(2, n.partial("E", outSym) + " = " + loss.gradient(a, s.y()[ex][j], s.x().length, l.units())
                    + " = " + n.num(g), null));
        } else {
            LayerStep next = s.layers().get(l.index() + 1);
            StringBuilder terms = new StringBuilder();
            if (next.units() <= MAX_TERMS) {
                for (int k = 0; k < next.units(); k++) {
                    terms.append(k > 0 ? " + " : "").append(n.num(next.weights()[j][k])).append(n.times())
                            .append(n.factor(next.delta()[ex][k]));
                }
                terms.append(" = ");
            }
            out.append(n.line(2, n.partial("E", outSym) + " = " + n.sum("k") + n.sym("w", jj + ",k", layer + 1) + n.times()
                    + n.sym("δ", "k", layer + 1) + " = " + terms + n.num(g), null));
        }
        if (l.derivative() == null) {
            out.append(n.line(2, delta + " = " + n.sym("a", jj, layer) + "(" + n.partial("E", n.sym("a", jj, layer)) + n.minus()
                    + n.sum("k") + n.sym("a", "k", layer) + n.times() + n.partial("E", n.sym("a", "k", layer)) + ") = " + n.num(d),
                    "the softmax Jacobian"));
            return;
        }
        double gp = l.derivative()[ex][j];
        out.append(n.line(2, n.partial(outSym, zSym) + " = " + derivative(l.activation(), l.z()[ex][j], a) + " = " + n.num(gp), null));
        out.append(n.line(2, delta + " = " + n.partial("E", outSym) + n.times() + n.partial(outSym, zSym) + " = " + n.factor(g)
                + n.times() + n.factor(gp) + " = " + n.num(d), null));
    }

    private String derivative(String activation, double z, double a) {
        return switch (activation) {
            case "sigmoid" -> n.call("sigmoid", "z") + "(1" + n.minus() + n.call("sigmoid", "z") + ") = " + n.num(a) + n.times() + "(1"
                    + n.minus() + n.num(a) + ")";
            case "tanh" -> "1" + n.minus() + n.call("tanh", "z") + "² = 1" + n.minus() + n.factor(a) + "²";
            case "relu", "step", "leaky_relu" -> n.text(activation + "'(z) with z = ") + n.num(z);
            case "identity" -> "1";
            default -> n.text(activation + "'(z) with z = ") + n.num(z);
        };
    }

    private void gradients(Step s, LayerStep l) {
        int layer = l.index() + 1;
        int offset = 0;
        for (int k = 0; k < l.index(); k++) {
            offset += s.layers().get(k).inputs() * s.layers().get(k).units();
        }
        int lines = 0;
        int examples = s.x().length;
        String rule = n.partial("E", "w") + " = " + (examples > 1 ? n.sum("n") : "") + n.sym("δ", "", -1) + n.times() + n.text("a_prev");
        out.append(n.words(2, "gradients:"));
        for (int i = 0; i < l.inputs(); i++) {
            for (int j = 0; j < l.units(); j++) {
                if (lines++ == MAX_WEIGHT_LINES) {
                    out.append(n.words(2, "… " + (l.inputs() * l.units() - MAX_WEIGHT_LINES) + " more weight gradients (see the JSON output)"));
                }
                if (lines > MAX_WEIGHT_LINES) {
                    continue;
                }
                String ij = (i + 1) + "," + (j + 1);
                StringBuilder f = new StringBuilder();
                for (int ex = 0; ex < Math.min(examples, MAX_TERMS); ex++) {
                    f.append(ex > 0 ? " + " : "").append(n.factor(l.delta()[ex][j])).append(n.times()).append(n.factor(l.input()[ex][i]));
                }
                out.append(n.line(2, n.partial("E", n.sym("w", ij, layer)) + " = " + n.sym("δ", Integer.toString(j + 1), layer)
                        + n.times() + prevSym(l, i) + " = " + f + " = " + n.num(l.weightGradients()[i][j]),
                        "w" + (offset + i * l.units() + j + 1) + "; " + n.inline(rule)));
            }
        }
        for (int j = 0; j < (l.hasBias() ? l.units() : 0); j++) {
            String jj = Integer.toString(j + 1);
            out.append(n.line(2, n.partial("E", n.sym("b", jj, layer)) + " = " + (examples > 1 ? n.sum("n") : "")
                    + n.sym("δ", jj, layer) + " = " + n.num(l.biasGradients()[j]), null));
        }
    }

    private void update(Step s) {
        out.append(n.heading(2, "Update"));
        boolean sgd = e.optimizer().equals("sgd");
        String eta = n.eta();
        out.append(n.line(1, sgd ? "w" + n.arrow() + "w" + n.minus() + eta + n.times() + n.partial("E", "w")
                : n.text(OptimizerFormulas.describe(e.optimizer())), n.inline(eta + " = " + Numbers.format(e.learningRate()))));
        int offset = 0;
        for (LayerStep l : s.layers()) {
            int layer = l.index() + 1;
            int lines = 0;
            for (int i = 0; i < l.inputs(); i++) {
                for (int j = 0; j < l.units(); j++) {
                    if (lines++ >= MAX_WEIGHT_LINES) {
                        continue;
                    }
                    String state = slotValues(l, i, j);
                    out.append(n.line(2, n.sym("w", (i + 1) + "," + (j + 1), layer) + n.arrow()
                            + newValue(sgd, l.weights()[i][j], l.weightGradients()[i][j], l.weightsAfter()[i][j]),
                            "w" + (offset + i * l.units() + j + 1) + state));
                }
            }
            if (lines > MAX_WEIGHT_LINES) {
                out.append(n.words(2, "… " + (lines - MAX_WEIGHT_LINES) + " more weights of layer " + layer + " (see the JSON output)"));
            }
            for (int j = 0; j < (l.hasBias() ? l.units() : 0); j++) {
                out.append(n.line(2, n.sym("b", Integer.toString(j + 1), layer) + n.arrow()
                        + newValue(sgd, l.bias()[j], l.biasGradients()[j], l.biasAfter()[j]), slotValues(l, -1, j).replaceFirst("^; ", "")));
            }
            offset += l.inputs() * l.units();
        }
    }

    private String newValue(boolean sgd, double before, double grad, double after) {
        if (sgd) {
            return n.num(before) + n.minus() + n.num(e.learningRate()) + n.times() + n.factor(grad) + " = " + n.num(after);
        }
        return n.num(after) + " " + n.text("(was " + Numbers.format(before) + ", gradient " + Numbers.format(grad) + ")");
    }

    private static String slotValues(LayerStep l, int i, int j) {
        StringBuilder b = new StringBuilder();
        for (Explanation.OptimizerSlot slot : l.state()) {
            double v = i < 0 ? slot.bias()[j] : slot.weights()[i][j];
            b.append("; ").append(slot.name()).append(" = ").append(Numbers.format(v));
        }
        return b.toString();
    }
}
