package dev.myelin.playground;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * An uploaded CSV file: a header row, numeric feature columns and one label column (by default the
 * last). Text labels, or whole-number labels with at most {@link Limits#MAX_CLASSES} distinct values,
 * make a classification problem; other numeric labels a regression problem.
 *
 * @param name the file name the page gave
 * @param featureNames the feature columns' names, in file order
 * @param labelName the label column's name
 * @param x the features, rows × features
 * @param labels the label cell of each row, as written
 * @param classification true if the labels are classes
 * @param classNames the classes in order of first appearance (sorted numerically for numeric labels)
 */
public record CsvData(String name, List<String> featureNames, String labelName, double[][] x, List<String> labels,
        boolean classification, List<String> classNames) {

    /** Parses {@code text}; {@code label} names the label column, or null for the last column. */
    public static CsvData parse(String name, String text, String label) {
        List<CSVRecord> records;
        List<String> header;
        try (CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(new StringReader(text))) {
            header = p.getHeaderNames();
            records = p.getRecords();
        } catch (IOException | RuntimeException e) {
            throw HttpError.badRequest("the CSV file could not be read: " + e.getMessage());
        }
        if (header.size() < 3) {
            throw HttpError.badRequest("the CSV file needs at least two numeric feature columns and a label column, "
                    + "found " + header.size() + " column(s) in the header");
        }
        if (header.size() - 1 > Limits.MAX_CSV_FEATURES) {
            throw HttpError.tooLarge("the CSV file has " + (header.size() - 1) + " feature columns, above the limit of "
                    + Limits.MAX_CSV_FEATURES);
        }
        if (records.size() < 10) {
            throw HttpError.badRequest("the CSV file needs at least 10 data rows, found " + records.size());
        }
        if (records.size() > Limits.MAX_POINTS) {
            throw HttpError.tooLarge("the CSV file has " + records.size() + " rows, above the limit of "
                    + Limits.MAX_POINTS);
        }
        int labelCol = label == null || label.isBlank() ? header.size() - 1 : header.indexOf(label);
        if (labelCol < 0) {
            throw HttpError.badRequest("the CSV file has no column named \"" + label + "\"; columns: "
                    + String.join(", ", header));
        }
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (c != labelCol) {
                featureNames.add(header.get(c));
            }
        }
        double[][] x = new double[records.size()][featureNames.size()];
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            CSVRecord rec = records.get(r);
            long line = rec.getRecordNumber() + 1;
            if (rec.size() != header.size()) {
                throw HttpError.badRequest("line " + line + " of the CSV file has " + rec.size() + " cells, expected "
                        + header.size());
            }
            int j = 0;
            for (int c = 0; c < header.size(); c++) {
                String cell = rec.get(c);
                if (c == labelCol) {
                    if (cell.isEmpty()) {
                        throw HttpError.badRequest("line " + line + ": the label cell is empty");
                    }
                    labels.add(cell);
                    continue;
                }
                try {
                    x[r][j] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw HttpError.badRequest("line " + line + ", column " + (c + 1) + " (" + header.get(c)
                            + "): expected a number, found \"" + cell + "\"");
                }
                if (!Double.isFinite(x[r][j])) {
                    throw HttpError.badRequest("line " + line + ", column " + (c + 1) + ": the value is not finite");
                }
                j++;
            }
        }
        return of(name, featureNames, header.get(labelCol), x, labels);
    }

    private static CsvData of(String name, List<String> featureNames, String labelName, double[][] x,
            List<String> labels) {
        Set<String> distinct = new LinkedHashSet<>(labels);
        boolean numeric = labels.stream().allMatch(CsvData::isNumber);
        boolean wholeNumbers = numeric && labels.stream().allMatch(s -> Double.parseDouble(s) == Math.rint(Double.parseDouble(s)));
        boolean classification = !numeric || (wholeNumbers && distinct.size() <= Limits.MAX_CLASSES);
        List<String> classNames = new ArrayList<>();
        if (classification) {
            if (distinct.size() < 2) {
                throw HttpError.badRequest("the label column \"" + labelName + "\" has a single class; it needs at least two");
            }
            if (distinct.size() > Limits.MAX_CLASSES) {
                throw HttpError.tooLarge("the label column \"" + labelName + "\" has " + distinct.size()
                        + " classes, above the limit of " + Limits.MAX_CLASSES);
            }
            classNames.addAll(distinct);
            if (numeric) {
                classNames.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
            }
        }
        return new CsvData(name, List.copyOf(featureNames), labelName, x, List.copyOf(labels), classification,
                List.copyOf(classNames));
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The label of row {@code r} as a number (regression). */
    public double value(int r) {
        return Double.parseDouble(labels.get(r));
    }

    /** The class index of row {@code r} (classification). */
    public int classOf(int r) {
        return classNames.indexOf(labels.get(r));
    }

    public int rows() {
        return x.length;
    }
}
