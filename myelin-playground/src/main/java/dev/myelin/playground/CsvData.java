package dev.myelin.playground;

import dev.myelin.dataset.CsvLimits;
import dev.myelin.dataset.CsvTable;
import dev.myelin.dataset.DataFormatException;
import dev.myelin.dataset.TaskRule;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * An uploaded CSV file: a header row, numeric feature columns and one label column (by default the
 * last), read by the data module's {@link CsvTable} (errors name {@code file:line:column}) under the
 * playground's limits ({@link Limits#MAX_CSV_FEATURES} features, {@link Limits#MAX_POINTS} rows). The
 * task and the classes follow the one {@link TaskRule} of the command line, with at most
 * {@link Limits#MAX_CLASSES} classes: text labels, or a few whole numbers, make a classification
 * problem with the classes sorted; other numbers a regression problem.
 *
 * @param name the file name the page gave
 * @param featureNames the feature columns' names, in file order
 * @param labelName the label column's name
 * @param x the features, rows × features
 * @param labels the label cell of each row, as written
 * @param classification true if the labels are classes
 * @param classNames the classes, sorted (numerically for numeric labels)
 */
public record CsvData(String name, List<String> featureNames, String labelName, double[][] x, List<String> labels,
        boolean classification, List<String> classNames) {

    /** The playground's task rule: up to {@link Limits#MAX_CLASSES} classes, inferred or not. */
    static final TaskRule RULE = new TaskRule(Limits.MAX_CLASSES, Limits.MAX_CLASSES);

    /** Parses {@code text}; {@code label} names the label column, or null for the last column. */
    public static CsvData parse(String name, String text, String label) {
        CsvTable t;
        try {
            t = CsvTable.parse(name, new StringReader(text), label == null || label.isBlank() ? null : label,
                    CsvTable.LabelMode.REQUIRED, null, List.of(),
                    new CsvLimits(Limits.MAX_UPLOAD_BYTES, Limits.MAX_CSV_FEATURES + 1, Limits.MAX_POINTS, 256));
        } catch (DataFormatException e) {
            throw e.overLimit() ? HttpError.tooLarge(e.getMessage()) : HttpError.badRequest(e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw HttpError.badRequest("the CSV file could not be read: " + e.getMessage());
        }
        if (t.featureNames().size() < 2) {
            throw HttpError.badRequest("the CSV file needs at least two numeric feature columns and a label column, "
                    + "found " + (t.featureNames().size() + 1) + " column(s) in the header");
        }
        if (t.rows() < 10) {
            throw HttpError.badRequest("the CSV file needs at least 10 data rows, found " + t.rows());
        }
        List<String> labels = List.of(t.labels());
        for (int r = 0; r < labels.size(); r++) {
            if (labels.get(r).isEmpty()) {
                throw HttpError.badRequest(t.labelPlace(r) + ": the label cell is empty");
            }
        }
        boolean classification = RULE.infer(t.labels()).equals(TaskRule.CLASSIFICATION);
        List<String> classNames = List.of();
        if (classification) {
            try {
                classNames = RULE.classNames(t.labels(), t.labelName(), name);
            } catch (DataFormatException e) {
                throw e.overLimit() ? HttpError.tooLarge(e.getMessage()) : HttpError.badRequest(e.getMessage());
            }
        }
        return new CsvData(name, t.featureNames(), t.labelName(), t.x().toArray(), labels, classification,
                List.copyOf(classNames));
    }

    /** The label of row {@code r} as a number (regression). */
    public double value(int r) {
        return Double.parseDouble(labels.get(r));
    }

    /** The class index of row {@code r} (classification). */
    public int classOf(int r) {
        return classNames.indexOf(TaskRule.key(labels.get(r)));
    }

    public int rows() {
        return x.length;
    }
}
