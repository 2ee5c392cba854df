package dev.myelin.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a label column means, the one rule of the command line and the playground.
 * <ul>
 *   <li>Task, when not given: text labels → classification; numbers that are all whole, take at most
 *       {@code maxInferredClasses} values, and at most a quarter as many values as there are rows (or
 *       just two) → classification; other numbers → regression.
 *   <li>Classes: the distinct labels, sorted — numerically if they are all numbers ("1.0" and "1" are
 *       one class), else by their text (code-point order). At least two, at most {@code maxClasses};
 *       the limit is checked before any one-hot matrix is built, so a column of 10,000 distinct names
 *       fails at once with a sentence naming the limit.
 * </ul>
 *
 * @param maxInferredClasses the most distinct whole numbers that still make an inferred classification
 * @param maxClasses the most classes at all
 */
public record TaskRule(int maxInferredClasses, int maxClasses) {
    public static final String CLASSIFICATION = "classification";
    public static final String REGRESSION = "regression";
    /** The command line's rule: up to 20 inferred classes, 1,000 classes at most. */
    public static final TaskRule DEFAULT = new TaskRule(20, 1000);

    public TaskRule {
        if (maxClasses < 2 || maxInferredClasses < 2 || maxInferredClasses > maxClasses) {
            throw new IllegalArgumentException("a task rule needs 2 ≤ maxInferredClasses ≤ maxClasses, got "
                    + maxInferredClasses + " and " + maxClasses);
        }
    }

    /** "classification" or "regression" for these labels, as the class comment says. */
    public String infer(String[] labels) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String l : labels) {
            double v = CsvTable.parseFinite(l);
            if (Double.isNaN(v)) {
                return CLASSIFICATION;
            }
            if (v != Math.rint(v)) {
                return REGRESSION;
            }
            distinct.add(key(l));
            if (distinct.size() > maxInferredClasses) {
                return REGRESSION;
            }
        }
        int k = distinct.size();
        boolean few = k <= maxInferredClasses && (k <= 2 || 4L * k <= labels.length);
        return few ? CLASSIFICATION : REGRESSION;
    }

    /**
     * The sorted classes of {@code labels}; {@code column} and {@code file} name the column in messages.
     *
     * @throws DataFormatException for fewer than two classes or more than {@link #maxClasses}
     */
    public List<String> classNames(String[] labels, String column, String file) {
        Set<String> distinct = new LinkedHashSet<>();
        boolean numeric = true;
        for (String l : labels) {
            distinct.add(key(l));
            numeric &= !Double.isNaN(CsvTable.parseFinite(l));
            if (distinct.size() > maxClasses) {
                throw new DataFormatException("the label column \"" + column + "\" of " + file + " has more than " + maxClasses
                        + " distinct values, the limit of classes; is it an id or a regression target (--task regression)?", true);
            }
        }
        if (distinct.size() < 2) {
            throw new DataFormatException("the label column \"" + column + "\" of " + file + " has only one value (\""
                    + (distinct.isEmpty() ? "" : distinct.iterator().next()) + "\"); classification needs at least two classes");
        }
        List<String> names = new ArrayList<>(distinct);
        if (numeric) {
            names.sort(Comparator.comparingDouble(CsvTable::parseFinite));
        } else {
            names.sort(Comparator.naturalOrder());
        }
        return names;
    }

    /** A label's class key: numbers in canonical form ("1.0" and "1" are one class), text as is. */
    public static String key(String label) {
        double v = CsvTable.parseFinite(label);
        if (Double.isNaN(v)) {
            return label;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
