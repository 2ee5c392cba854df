package dev.myelin.explain;

/**
 * The loss's formulas as an explanation writes them, with the numbers put in: E for one example
 * and ∂E/∂out for one output (N examples, K outputs, the averaging of {@link dev.myelin.losses.Loss}).
 */
final class LossFormulas {
    private final Notation n;
    private final String loss;
    private final boolean fused;

    LossFormulas(Notation n, String loss, boolean fused) {
        this.n = n;
        this.loss = loss;
        this.fused = fused;
    }

    private String t(String words) {
        return n.text(words);
    }

    /** The definition of E. */
    String definition() {
        String out = n.sym("out", "", -1);
        String target = t("target");
        return switch (loss) {
            case "half_sse" -> "E = " + n.half() + n.sum("j") + "(" + target + n.minus() + out + ")²" + " "
                    + t("per example, averaged over the examples");
            case "mse" -> "E = " + n.frac("1", "N·K") + n.sum("n,j") + "(" + out + n.minus() + target + ")²";
            case "binary_cross_entropy" -> "E = -" + n.frac("1", "N·K") + n.sum("n,j") + "[" + target + n.times() + n.ln(out)
                    + " + (1" + n.minus() + target + ")" + n.times() + n.ln("1" + n.minus() + out) + "]"
                    + (fused ? " " + t("(computed from z, stable)") : "");
            case "categorical_cross_entropy" -> "E = -" + n.frac("1", "N") + n.sum("n,j") + target + n.times() + n.ln(out)
                    + (fused ? " " + t("(computed from z, stable)") : "");
            default -> "E = " + t(loss);
        };
    }

    /** E of one example, with its numbers. */
    String example(double[] a, double[] y) {
        StringBuilder b = new StringBuilder();
        int k = a.length;
        switch (loss) {
            case "half_sse" -> {
                b.append(n.half()).append(k > 1 ? "(" : "");
                for (int j = 0; j < k; j++) {
                    b.append(j > 0 ? " + " : "").append("(").append(n.num(y[j])).append(n.minus()).append(n.factor(a[j])).append(")²");
                }
                b.append(k > 1 ? ")" : "");
            }
            case "mse" -> {
                b.append(k > 1 ? "(" : "");
                for (int j = 0; j < k; j++) {
                    b.append(j > 0 ? " + " : "").append("(").append(n.num(a[j])).append(n.minus()).append(n.factor(y[j])).append(")²");
                }
                b.append(k > 1 ? ")/" + k : "");
            }
            case "binary_cross_entropy" -> {
                b.append("-").append(k > 1 ? "(" : "[");
                for (int j = 0; j < k; j++) {
                    b.append(j > 0 ? " + " : "").append(n.num(y[j])).append(n.times()).append(n.ln(n.num(a[j]))).append(" + ")
                            .append(n.factor(1 - y[j])).append(n.times()).append(n.ln("1" + n.minus() + n.num(a[j])));
                }
                b.append(k > 1 ? ")/" + k : "]");
            }
            case "categorical_cross_entropy" -> {
                b.append("-(");
                boolean any = false;
                for (int j = 0; j < k; j++) {
                    if (y[j] != 0) {
                        b.append(any ? " + " : "").append(n.num(y[j])).append(n.times()).append(n.ln(n.num(a[j])));
                        any = true;
                    }
                }
                b.append(any ? ")" : "0)");
            }
            default -> b.append(t(loss));
        }
        return b.toString();
    }

    /** ∂E/∂out for one output a with target y, N examples and K outputs. */
    String gradient(double a, double y, int examples, int outputs) {
        String out = n.text("out");
        String target = n.text("target");
        String nk = examples * outputs == 1 ? "" : Integer.toString(examples * outputs);
        return switch (loss) {
            case "half_sse" -> examples == 1
                    ? "-(" + target + n.minus() + out + ") = -(" + n.num(y) + n.minus() + n.factor(a) + ")"
                    : n.frac("(" + out + n.minus() + target + ")", "N") + " = " + n.frac("(" + n.num(a) + n.minus() + n.factor(y) + ")",
                            Integer.toString(examples));
            case "mse" -> n.frac("2(" + out + n.minus() + target + ")", "N·K") + " = "
                    + n.frac("2(" + n.num(a) + n.minus() + n.factor(y) + ")", Integer.toString(examples * outputs));
            case "binary_cross_entropy" -> n.frac(out + n.minus() + target, out + "(1" + n.minus() + out + ")" + (nk.isEmpty() ? "" : "·N·K"))
                    + " = " + n.frac(n.num(a) + n.minus() + n.factor(y),
                            n.num(a) + "(1" + n.minus() + n.num(a) + ")" + (nk.isEmpty() ? "" : "·" + nk));
            case "categorical_cross_entropy" -> "-" + n.frac(target, out + (examples > 1 ? "·N" : "")) + " = -"
                    + n.frac(n.num(y), n.num(a) + (examples > 1 ? "·" + examples : ""));
            default -> n.text(loss + "'(out)");
        };
    }

    /** δ = ∂E/∂z of a fused output unit. */
    String fusedDelta(double a, double y, int examples, int outputs) {
        String out = n.text("out");
        String target = n.text("target");
        int count = loss.equals("binary_cross_entropy") ? examples * outputs : examples;
        String by = loss.equals("binary_cross_entropy") ? "N·K" : "N";
        return n.frac(out + n.minus() + target, by) + " = " + n.frac(n.num(a) + n.minus() + n.factor(y), Integer.toString(count));
    }
}
