package dev.myelin.cli.data;

import dev.myelin.cli.CliException;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a CSV label column into targets.
 * <ul>
 *   <li>Classification: the distinct labels, sorted (numerically if they are all numbers), are the
 *       classes. Two classes give one 0/1 column (class 1 is the second name) for a sigmoid output;
 *       k ≥ 3 classes give a rows × k one-hot matrix for a softmax output.
 *   <li>Regression: the labels must be numbers; one column.
 * </ul>
 * When the task is not given it is inferred: text labels → classification; numbers that are all
 * whole and take at most {@value #MAX_INFERRED_CLASSES} values, and at most a quarter as many values
 * as there are rows (or just two) → classification; other numbers → regression.
 */
public final class Targets {
    /** The most distinct whole-number labels that still make an inferred classification task. */
    public static final int MAX_INFERRED_CLASSES = 20;

    private Targets() {}

    /**
     * Encoded targets.
     *
     * @param y rows × outputs
     * @param classNames the class names (empty for regression)
     * @param task "classification" or "regression"
     * @param inferred why the task was chosen, when it was inferred (else null)
     */
    public record Encoded(Matrix y, List<String> classNames, String task, String inferred) {}

    /**
     * Encodes the labels of {@code table}.
     *
     * @param task "classification", "regression" or null to infer
     * @param classNames the classes to map onto (a model's), or null to derive them from the labels
     */
    public static Encoded encode(CsvData.Table table, String task, List<String> classNames) {
        String[] labels = table.labels();
        String inferred = null;
        if (task == null) {
            task = classNames != null && !classNames.isEmpty() ? ModelInfo.CLASSIFICATION : infer(labels);
            inferred = describe(table, labels, task);
        }
        if (ModelInfo.REGRESSION.equals(task)) {
            Matrix y = Matrix.zeros(labels.length, 1, Precision.FLOAT64);
            for (int r = 0; r < labels.length; r++) {
                double v = CsvData.parseFinite(labels[r]);
                if (Double.isNaN(v)) {
                    throw new CliException(table.labelPlace(r) + ": expected a number, found \"" + labels[r]
                            + "\" (the label column \"" + table.labelName() + "\" of a regression task)");
                }
                y.set(r, 0, v);
            }
            return new Encoded(y, List.of(), task, inferred);
        }
        List<String> names = classNames != null && !classNames.isEmpty() ? classNames : classNamesOf(table, labels);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(key(names.get(i)), i);
        }
        Matrix y = Matrix.zeros(labels.length, names.size() == 2 ? 1 : names.size(), Precision.FLOAT64);
        for (int r = 0; r < labels.length; r++) {
            Integer c = index.get(key(labels[r]));
            if (c == null) {
                throw new CliException(table.labelPlace(r) + ": the label \"" + labels[r] + "\" is not one of the classes "
                        + String.join(", ", names));
            }
            if (names.size() == 2) {
                y.set(r, 0, c);
            } else {
                y.set(r, c, 1);
            }
        }
        return new Encoded(y, names, ModelInfo.CLASSIFICATION, inferred);
    }

    private static List<String> classNamesOf(CsvData.Table table, String[] labels) {
        Set<String> distinct = new LinkedHashSet<>();
        boolean numeric = true;
        for (String l : labels) {
            distinct.add(key(l));
            numeric &= !Double.isNaN(CsvData.parseFinite(l));
        }
        if (distinct.size() < 2) {
            throw new CliException("the label column \"" + table.labelName() + "\" of " + table.file().getFileName()
                    + " has only one value (\"" + distinct.iterator().next() + "\"); classification needs at least two classes");
        }
        List<String> names = new ArrayList<>(distinct);
        if (numeric) {
            names.sort(Comparator.comparingDouble(CsvData::parseFinite));
        } else {
            names.sort(Comparator.naturalOrder());
        }
        return names;
    }

    /** A label's class key: numbers in canonical form ("1.0" and "1" are one class), text as is. */
    static String key(String label) {
        double v = CsvData.parseFinite(label);
        if (Double.isNaN(v)) {
            return label;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** "classification" or "regression", as the class comment describes. */
    static String infer(String[] labels) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String l : labels) {
            double v = CsvData.parseFinite(l);
            if (Double.isNaN(v)) {
                return ModelInfo.CLASSIFICATION;
            }
            if (v != Math.rint(v)) {
                return ModelInfo.REGRESSION;
            }
            distinct.add(key(l));
        }
        int k = distinct.size();
        boolean few = k <= MAX_INFERRED_CLASSES && (k <= 2 || 4L * k <= labels.length);
        return few ? ModelInfo.CLASSIFICATION : ModelInfo.REGRESSION;
    }

    private static String describe(CsvData.Table table, String[] labels, String task) {
        boolean text = false;
        for (String l : labels) {
            text |= Double.isNaN(CsvData.parseFinite(l));
        }
        String why = text ? "its values are text"
                : task.equals(ModelInfo.CLASSIFICATION) ? "its values are a few whole numbers" : "its values are numbers";
        return task + " (inferred: the label column \"" + table.labelName() + "\" " + why + "; set --task to change)";
    }
}
