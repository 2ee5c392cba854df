package dev.myelin.dataset;

import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a CSV label column into targets, with the classes and task of a {@link TaskRule}.
 * <ul>
 *   <li>Classification: two classes give one 0/1 column (class 1 is the second name) for a sigmoid
 *       output; k ≥ 3 classes give a rows × k one-hot matrix for a softmax output.
 *   <li>Regression: the labels must be numbers; one column.
 * </ul>
 */
public final class Targets {
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
    public static Encoded encode(CsvTable table, String task, List<String> classNames, TaskRule rule) {
        String[] labels = table.labels();
        String inferred = null;
        if (task == null) {
            task = classNames != null && !classNames.isEmpty() ? TaskRule.CLASSIFICATION : rule.infer(labels);
            inferred = describe(table, labels, task);
        }
        if (TaskRule.REGRESSION.equals(task)) {
            Matrix y = Matrix.zeros(labels.length, 1, Precision.FLOAT64);
            for (int r = 0; r < labels.length; r++) {
                double v = CsvTable.parseFinite(labels[r]);
                if (Double.isNaN(v)) {
                    throw new DataFormatException(table.labelPlace(r) + ": expected a number, found \"" + CsvTable.shorten(labels[r])
                            + "\" (the label column \"" + table.labelName() + "\" of a regression task)");
                }
                y.set(r, 0, v);
            }
            return new Encoded(y, List.of(), task, inferred);
        }
        List<String> names = classNames != null && !classNames.isEmpty() ? classNames
                : rule.classNames(labels, table.labelName(), table.name());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(TaskRule.key(names.get(i)), i);
        }
        Matrix y = Matrix.zeros(labels.length, names.size() == 2 ? 1 : names.size(), Precision.FLOAT64);
        for (int r = 0; r < labels.length; r++) {
            Integer c = index.get(TaskRule.key(labels[r]));
            if (c == null) {
                throw new DataFormatException(table.labelPlace(r) + ": the label \"" + CsvTable.shorten(labels[r])
                        + "\" is not one of the classes " + shortList(names));
            }
            if (names.size() == 2) {
                y.set(r, 0, c);
            } else {
                y.set(r, c, 1);
            }
        }
        return new Encoded(y, names, TaskRule.CLASSIFICATION, inferred);
    }

    private static String shortList(List<String> names) {
        return names.size() <= 30 ? String.join(", ", names) : String.join(", ", names.subList(0, 30)) + " and " + (names.size() - 30) + " more";
    }

    private static String describe(CsvTable table, String[] labels, String task) {
        boolean text = false;
        for (String l : labels) {
            text |= Double.isNaN(CsvTable.parseFinite(l));
        }
        String why = text ? "holds text"
                : task.equals(TaskRule.CLASSIFICATION) ? "holds a few whole numbers" : "holds numbers";
        return task + " (inferred: the label column \"" + table.labelName() + "\" " + why + "; set --task to change)";
    }
}
