package dev.myelin.cli.data;

import dev.myelin.cli.CliException;
import dev.myelin.tensor.Matrix;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV table with a header row (RFC 4180 quoting, via Apache Commons CSV): one column is the
 * label (the target), the chosen feature columns must hold finite numbers. Features become a
 * rows × features float64 matrix in the order the caller names them; label cells are kept as text
 * with their line numbers, for {@link Targets} to encode.
 *
 * <p>Every problem names the place: {@code data.csv:12:3: expected a number, found "abc"} (file,
 * line, column number counted from 1), {@code data.csv:7: expected 4 values as in the header, found 3}.
 */
public final class CsvData {
    /** The largest CSV file read (1 GiB), so a wrong file cannot exhaust memory. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private CsvData() {}

    /**
     * A table read from a CSV file.
     *
     * @param file the file
     * @param featureNames the feature columns, in matrix column order
     * @param labelName the label column, or null if the table has none
     * @param labelColumn the label's 1-based column number, or 0
     * @param x the features, rows × featureNames.size()
     * @param labels the label cells (trimmed), or null
     * @param lines the line each row starts on
     */
    public record Table(Path file, List<String> featureNames, String labelName, int labelColumn, Matrix x,
            String[] labels, long[] lines) {
        public int rows() {
            return x.rows();
        }

        /** {@code file:line:column} of a row's label cell. */
        public String labelPlace(int row) {
            return file.getFileName() + ":" + lines[row] + ":" + labelColumn;
        }
    }

    /** How to pick the columns. */
    public enum LabelMode {
        /** The label column must exist: the named one, or the last column if no name is given. */
        REQUIRED,
        /** Use the named label column if the header has it, else read features only (for predictions). */
        IF_PRESENT
    }

    /**
     * Reads {@code file}.
     *
     * @param label the label column's name, or null for the last column (REQUIRED) / none (IF_PRESENT)
     * @param features the feature columns to read, in this order, or null for every column but the label
     */
    public static Table read(Path file, String label, LabelMode mode, List<String> features, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new CliException(file + " is " + size + " bytes, larger than the limit of " + maxBytes + " bytes");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            Iterator<CSVRecord> it = parser.iterator();
            long[] line = {0};
            CSVRecord headerRecord = next(it, parser, file, line);
            while (headerRecord != null && isBlank(headerRecord)) {
                headerRecord = next(it, parser, file, line);
            }
            if (headerRecord == null) {
                throw new CliException(file + " is empty: expected a header row of column names and at least one data row");
            }
            List<String> header = headerRecord.toList().stream().map(CsvData::stripBom).toList();
            checkHeader(file, header, line[0]);
            int labelIndex = labelIndex(file, header, label, mode);
            int[] featureIndex = featureIndices(file, header, labelIndex, features);
            String where = file.getFileName().toString();

            double[] values = new double[Math.max(16, featureIndex.length * 64)];
            List<String> labels = new ArrayList<>();
            long[] lines = new long[64];
            int rows = 0;
            for (CSVRecord rec; (rec = next(it, parser, file, line)) != null; ) {
                if (isBlank(rec)) {
                    continue;
                }
                if (rec.size() != header.size()) {
                    throw new CliException(where + ":" + line[0] + ": expected " + header.size()
                            + " values as in the header, found " + rec.size());
                }
                long needed = (long) (rows + 1) * featureIndex.length;
                if (needed > values.length) {
                    if (needed > Integer.MAX_VALUE - 16) {
                        throw new CliException(where + ": too many values for one table (over " + (Integer.MAX_VALUE - 16) + ")");
                    }
                    values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, values.length * 2L)));
                }
                for (int j = 0; j < featureIndex.length; j++) {
                    values[rows * featureIndex.length + j] = number(rec.get(featureIndex[j]), where, line[0], featureIndex[j] + 1,
                            header.get(featureIndex[j]));
                }
                if (labelIndex >= 0) {
                    labels.add(rec.get(labelIndex));
                }
                if (rows == lines.length) {
                    lines = Arrays.copyOf(lines, rows * 2);
                }
                lines[rows++] = line[0];
            }
            if (rows == 0) {
                throw new CliException(where + " has a header but no data rows");
            }
            Matrix x = Matrix.wrap(Arrays.copyOf(values, rows * featureIndex.length), rows, featureIndex.length);
            List<String> names = new ArrayList<>();
            for (int j : featureIndex) {
                names.add(header.get(j));
            }
            return new Table(file, names, labelIndex < 0 ? null : header.get(labelIndex), labelIndex + 1, x,
                    labelIndex < 0 ? null : labels.toArray(String[]::new), Arrays.copyOf(lines, rows));
        }
    }

    /** The next record and the line it starts on (in {@code line[0]}); a malformed line becomes a clear error. */
    private static CSVRecord next(Iterator<CSVRecord> it, CSVParser parser, Path file, long[] line) {
        long start = parser.getCurrentLineNumber() + 1;
        try {
            if (!it.hasNext()) {
                return null;
            }
            CSVRecord rec = it.next();
            line[0] = start;
            return rec;
        } catch (UncheckedIOException | IllegalStateException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new CliException(file.getFileName() + ":" + start + ": malformed CSV (" + reason + ")");
        }
    }

    private static boolean isBlank(CSVRecord rec) {
        return rec.size() == 1 && rec.get(0).isEmpty();
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1).strip() : s;
    }

    private static void checkHeader(Path file, List<String> header, long line) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < header.size(); j++) {
            String h = header.get(j);
            if (h.isEmpty()) {
                throw new CliException(file.getFileName() + ":" + line + ":" + (j + 1)
                        + ": the header row needs a name for every column, this one is empty");
            }
            if (!seen.add(h)) {
                throw new CliException(file.getFileName() + ":" + line + ":" + (j + 1) + ": the column name \"" + h
                        + "\" appears twice in the header");
            }
        }
    }

    private static int labelIndex(Path file, List<String> header, String label, LabelMode mode) {
        if (label == null) {
            return mode == LabelMode.REQUIRED ? header.size() - 1 : -1;
        }
        int i = header.indexOf(label);
        if (i < 0 && mode == LabelMode.REQUIRED) {
            throw new CliException(file.getFileName() + " has no column named \"" + label + "\"; its columns are "
                    + String.join(", ", header));
        }
        return i;
    }

    private static int[] featureIndices(Path file, List<String> header, int labelIndex, List<String> features) {
        if (features == null) {
            int[] idx = new int[header.size() - (labelIndex >= 0 ? 1 : 0)];
            if (idx.length == 0) {
                throw new CliException(file.getFileName() + " has only the label column \"" + header.get(labelIndex)
                        + "\"; at least one feature column is needed");
            }
            int k = 0;
            for (int j = 0; j < header.size(); j++) {
                if (j != labelIndex) {
                    idx[k++] = j;
                }
            }
            return idx;
        }
        int[] idx = new int[features.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = header.indexOf(features.get(k));
            if (idx[k] < 0) {
                throw new CliException(file.getFileName() + " has no column named \"" + features.get(k)
                        + "\", which the model needs as a feature; its columns are " + String.join(", ", header));
            }
            if (idx[k] == labelIndex) {
                throw new CliException("the column \"" + features.get(k) + "\" of " + file.getFileName()
                        + " cannot be both a feature and the label");
            }
        }
        return idx;
    }

    /** Parses a finite decimal number; anything else names its place. */
    static double number(String cell, String file, long line, int column, String columnName) {
        double v = parseFinite(cell);
        if (Double.isNaN(v)) {
            throw new CliException(file + ":" + line + ":" + column + ": expected a number, found \"" + shorten(cell)
                    + "\" (column \"" + columnName + "\")");
        }
        return v;
    }

    /** The value of a plain decimal number such as -1.5e3, or NaN if the text is not one or not finite. */
    public static double parseFinite(String cell) {
        String s = cell.strip();
        if (s.isEmpty() || s.length() > 400) {
            return Double.NaN;
        }
        char last = s.charAt(s.length() - 1);
        char first = s.charAt(0);
        // Java's parser also takes "NaN", "Infinity", hex floats and type suffixes such as "1d": not numbers in a CSV.
        if (!(Character.isDigit(last) || last == '.') || !(Character.isDigit(first) || first == '-' || first == '+' || first == '.')
                || s.indexOf('x') >= 0 || s.indexOf('X') >= 0) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
