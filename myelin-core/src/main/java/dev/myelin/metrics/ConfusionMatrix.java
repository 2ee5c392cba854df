package dev.myelin.metrics;

import dev.myelin.data.Labels;
import dev.myelin.tensor.Matrix;

/**
 * Counts of (true class, predicted class) pairs, and the classification metrics derived from them:
 * accuracy = Σ correct / n; for class c, precision = TP/(TP + FP), recall = TP/(TP + FN),
 * F1 = 2·precision·recall/(precision + recall) (0 where a denominator is 0, as scikit-learn does).
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        counts = new long[classes][classes];
    }

    /** From network outputs and targets (one-hot or single 0/1 column). */
    public static ConfusionMatrix of(Matrix outputs, Matrix targets) {
        ConfusionMatrix cm = new ConfusionMatrix(Labels.classCount(targets));
        int[] predicted = Labels.of(outputs);
        int[] actual = Labels.of(targets);
        for (int i = 0; i < actual.length; i++) {
            cm.add(actual[i], predicted[i]);
        }
        return cm;
    }

    /** The matrix of class indices {@code actual} against {@code predicted}, each in [0, classes). */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        for (int i = 0; i < actual.length; i++) {
            cm.add(actual[i], predicted[i]);
        }
        return cm;
    }

    /** Counts one example of class {@code actual} predicted as {@code predicted}. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
    }

    /** The number of classes. */
    public int classes() {
        return counts.length;
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** The number of examples counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** The share of examples on the diagonal, or 0 if none were counted. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        long n = total();
        return n == 0 ? 0 : (double) correct / n;
    }

    /** Precision of class c: TP / (TP + FP), or 0 if c was never predicted. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** Recall of class c: TP / (TP + FN), or 0 if c never occurs. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    /** F1 of class c: the harmonic mean 2·P·R / (P + R), or 0 if both are 0. */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }

    /** The counts, [actual][predicted] (a copy). */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /**
     * A text table: rows are true classes, columns predicted classes. The first column holds the
     * row names and the {@code true\pred} corner, as wide as the longest of them; every count
     * column is as wide as the longest class name or count, plus one space; all right-aligned, so
     * the header lines up with its columns for names of any width.
     */
    public String format(java.util.List<String> names) {
        int k = counts.length;
        String corner = "true\\pred";
        int first = corner.length();
        int w = 6;
        for (int c = 0; c < k; c++) {
            first = Math.max(first, name(names, c).length());
            w = Math.max(w, name(names, c).length() + 1);
            for (long[] row : counts) {
                w = Math.max(w, Long.toString(row[c]).length() + 1);
            }
        }
        String head = "%" + first + "s";
        String cell = "%" + w + "s";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(head, corner));
        for (int c = 0; c < k; c++) {
            sb.append(String.format(cell, name(names, c)));
        }
        sb.append('\n');
        for (int a = 0; a < k; a++) {
            sb.append(String.format(head, name(names, a)));
            for (int p = 0; p < k; p++) {
                sb.append(String.format(cell, counts[a][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String name(java.util.List<String> names, int c) {
        return names != null && c < names.size() ? names.get(c) : Integer.toString(c);
    }
}
