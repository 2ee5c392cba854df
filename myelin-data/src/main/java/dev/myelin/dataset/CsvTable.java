package dev.myelin.dataset;

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
 * A table read from a CSV file with a header row (RFC 4180 quoting, via Apache Commons CSV): one
 * column is the label (the target), the chosen feature columns hold finite numbers, and columns named
 * in {@code ignore} (an id, a text column) are skipped. Features become a rows × features float64
 * matrix in the order the caller names them; label cells are kept as text with their line numbers,
 * for {@link Targets} to encode. The command line and the playground both read CSV files here.
 *
 * <p>Every problem is a {@link DataFormatException} naming the place: {@code data.csv:12:3: expected a
 * number, found "abc"} (file, line, column counted from 1), {@code data.csv:7: expected 4 values as in
 * the header, found 3}. Reading is bounded by {@link CsvLimits}: the file size before anything is read,
 * the column count on the header before any row is read, then rows; only regular files are read (a
 * device such as {@code /dev/zero} or a named pipe is refused before it is opened).
 *
 * @param name the file name used in messages
 * @param featureNames the feature columns, in matrix column order
 * @param labelName the label column, or null if the table has none
 * @param labelColumn the label's 1-based column number, or 0
 * @param x the features, rows × featureNames.size()
 * @param labels the label cells (trimmed), or null
 * @param lines the line each row starts on
 */
public record CsvTable(String name, List<String> featureNames, String labelName, int labelColumn, Matrix x,
        String[] labels, long[] lines) {

    /** How to pick the label column. */
    public enum LabelMode {
        /** The label column must exist: the named one, or the last column if no name is given. */
        REQUIRED,
        /** Use the named label column if the header has it, else read features only (for predictions). */
        IF_PRESENT
    }

    /** The number of data rows. */
    public int rows() {
        return x.rows();
    }

    /** {@code file:line:column} of a row's label cell. */
    public String labelPlace(int row) {
        return name + ":" + lines[row] + ":" + labelColumn;
    }

    /**
     * Reads {@code file}.
     *
     * @param label the label column's name, or null for the last column (REQUIRED) / none (IF_PRESENT)
     * @param features the feature columns to read, in this order, or null for every column but the label and the ignored ones
     * @param ignore columns to skip (may be empty); naming a column the file lacks is an error
     */
    public static CsvTable read(Path file, String label, LabelMode mode, List<String> features, List<String> ignore,
            CsvLimits limits) throws IOException {
        CsvTable[] whole = new CsvTable[1];
        readChunks(file, label, mode, features, ignore, limits, Integer.MAX_VALUE, t -> whole[0] = t);
        return whole[0];
    }

    /** Receives the tables of {@link #readChunks}, one at a time. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(CsvTable chunk) throws IOException;
    }

    /**
     * Reads {@code file} as {@link #read(Path, String, LabelMode, List, List, CsvLimits)} does, but hands
     * the rows to {@code sink} in tables of at most {@code chunkRows} rows, in file order, so memory stays
     * that of one chunk however long the file is ({@code evaluate} and {@code predict} stream this way).
     * Each chunk has the same columns, and its {@link #lines} are the file's. A problem on a later row is
     * thrown after the earlier chunks were handed over.
     *
     * @return the number of data rows read (at least 1: a file without data rows is an error)
     */
    public static long readChunks(Path file, String label, LabelMode mode, List<String> features, List<String> ignore,
            CsvLimits limits, int chunkRows, ChunkSink sink) throws IOException {
        if (chunkRows < 1) {
            throw new IllegalArgumentException("a chunk needs at least one row, got " + chunkRows);
        }
        checkReadable(file, limits.maxBytes());
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(String.valueOf(file.getFileName()), reader, label, mode, features, ignore, limits, chunkRows, sink);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(file.getFileName() + " is not UTF-8 text (save the CSV file as UTF-8)");
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new DataFormatException(file.getFileName() + " is not UTF-8 text (save the CSV file as UTF-8)");
            }
            throw e;
        }
    }

    /** {@link #read(Path, String, LabelMode, List, List, CsvLimits)} with no ignored columns and the default limits but {@code maxBytes}. */
    public static CsvTable read(Path file, String label, LabelMode mode, List<String> features, long maxBytes) throws IOException {
        return read(file, label, mode, features, List.of(), CsvLimits.DEFAULT.withMaxBytes(maxBytes));
    }

    /**
     * Refuses what is not a regular file of at most {@code maxBytes}: a folder, a device ({@code /dev/zero}
     * has no size and never ends) or a named pipe (opening it would wait for a writer).
     */
    public static void checkReadable(Path file, long maxBytes) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new DataFormatException(file + " is a folder; give a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file + " is not a regular file (a device or a named pipe); give a CSV file");
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new DataFormatException(file + " is " + size + " bytes, larger than the limit of " + maxBytes + " bytes", true);
        }
    }

    /** Reads a CSV text from {@code reader}; {@code name} is the file name used in messages. */
    public static CsvTable parse(String name, Reader reader, String label, LabelMode mode, List<String> features,
            List<String> ignore, CsvLimits limits) throws IOException {
        CsvTable[] whole = new CsvTable[1];
        parse(name, reader, label, mode, features, ignore, limits, Integer.MAX_VALUE, t -> whole[0] = t);
        return whole[0];
    }

    private static long parse(String name, Reader reader, String label, LabelMode mode, List<String> features,
            List<String> ignore, CsvLimits limits, int chunkRows, ChunkSink sink) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Iterator<CSVRecord> it = parser.iterator();
            long[] line = {0};
            CSVRecord headerRecord = next(it, parser, name, line);
            while (headerRecord != null && isBlank(headerRecord)) {
                headerRecord = next(it, parser, name, line);
            }
            if (headerRecord == null) {
                throw new DataFormatException(name + " is empty: expected a header row of column names and at least one data row");
            }
            if (headerRecord.size() > limits.maxColumns()) {
                throw new DataFormatException(name + ":" + line[0] + ": the header has " + headerRecord.size()
                        + " columns, more than the limit of " + limits.maxColumns(), true);
            }
            List<String> header = headerRecord.toList().stream().map(CsvTable::stripBom).toList();
            checkHeader(name, header, line[0], limits.maxNameChars());
            int labelIndex = labelIndex(name, header, label, mode);
            Set<Integer> ignored = ignored(name, header, labelIndex, ignore == null ? List.of() : ignore);
            int[] featureIndex = featureIndices(name, header, labelIndex, ignored, features);

            List<String> names = new ArrayList<>();
            for (int j : featureIndex) {
                names.add(header.get(j));
            }
            Chunk chunk = new Chunk(name, List.copyOf(names), labelIndex < 0 ? null : header.get(labelIndex), labelIndex + 1,
                    featureIndex.length);
            long total = 0;
            for (CSVRecord rec; (rec = next(it, parser, name, line)) != null; ) {
                if (isBlank(rec)) {
                    continue;
                }
                if (rec.size() != header.size()) {
                    throw new DataFormatException(name + ":" + line[0] + ": expected " + header.size()
                            + " values as in the header, found " + rec.size());
                }
                if (total == limits.maxRows()) {
                    throw new DataFormatException(name + " has more than " + limits.maxRows() + " data rows, the limit", true);
                }
                double[] values = chunk.room();
                int at = chunk.rows * featureIndex.length;
                for (int j = 0; j < featureIndex.length; j++) {
                    values[at + j] = number(rec.get(featureIndex[j]), name, line[0], featureIndex[j] + 1,
                            header.get(featureIndex[j]));
                }
                if (labelIndex >= 0) {
                    String cell = rec.get(labelIndex);
                    if (cell.length() > limits.maxNameChars()) {
                        throw new DataFormatException(name + ":" + line[0] + ":" + (labelIndex + 1) + ": the label \""
                                + shorten(cell) + "\" has " + cell.length() + " characters, more than the limit of "
                                + limits.maxNameChars(), true);
                    }
                    chunk.labels.add(cell);
                }
                chunk.endRow(line[0]);
                total++;
                if (chunk.rows == chunkRows) {
                    sink.accept(chunk.table());
                    chunk.clear();
                }
            }
            if (total == 0) {
                throw new DataFormatException(name + " has a header but no data rows");
            }
            if (chunk.rows > 0) {
                sink.accept(chunk.table());
            }
            return total;
        }
    }

    /** The rows read since the last chunk was handed over: features, label cells and line numbers, grown by doubling. */
    private static final class Chunk {
        final String name;
        final List<String> featureNames;
        final String labelName;
        final int labelColumn;
        final int width;
        double[] values;
        final List<String> labels = new ArrayList<>();
        long[] lines = new long[64];
        int rows;

        Chunk(String name, List<String> featureNames, String labelName, int labelColumn, int width) {
            this.name = name;
            this.featureNames = featureNames;
            this.labelName = labelName;
            this.labelColumn = labelColumn;
            this.width = width;
            values = new double[Math.max(16, width * 64)];
        }

        /** The value array, with room for one more row. */
        double[] room() {
            long needed = (long) (rows + 1) * width;
            if (needed > values.length) {
                if (needed > Integer.MAX_VALUE - 16) {
                    throw new DataFormatException(name + ": too many values for one table (over " + (Integer.MAX_VALUE - 16) + ")", true);
                }
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, values.length * 2L)));
            }
            return values;
        }

        void endRow(long line) {
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows++] = line;
        }

        CsvTable table() {
            Matrix x = Matrix.wrap(Arrays.copyOf(values, rows * width), rows, width);
            return new CsvTable(name, featureNames, labelName, labelColumn, x,
                    labelName == null ? null : labels.toArray(String[]::new), Arrays.copyOf(lines, rows));
        }

        /** Starts the next chunk, keeping the arrays (they hold a chunk's worth already). */
        void clear() {
            labels.clear();
            rows = 0;
        }
    }

    /** The next record and the line it starts on (in {@code line[0]}); a malformed line becomes a clear error. */
    private static CSVRecord next(Iterator<CSVRecord> it, CSVParser parser, String name, long[] line) {
        long start = parser.getCurrentLineNumber() + 1;
        try {
            if (!it.hasNext()) {
                return null;
            }
            CSVRecord rec = it.next();
            line[0] = start;
            return rec;
        } catch (UncheckedIOException | IllegalStateException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new DataFormatException(name + ":" + start + ": the file is not UTF-8 text (save the CSV file as UTF-8)");
            }
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new DataFormatException(name + ":" + start + ": malformed CSV (" + reason + ")");
        }
    }

    private static boolean isBlank(CSVRecord rec) {
        return rec.size() == 1 && rec.get(0).isEmpty();
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1).strip() : s;
    }

    private static void checkHeader(String name, List<String> header, long line, int maxChars) {
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < header.size(); j++) {
            String h = header.get(j);
            if (h.isEmpty()) {
                throw new DataFormatException(name + ":" + line + ":" + (j + 1)
                        + ": the header row needs a name for every column, this one is empty");
            }
            if (h.length() > maxChars) {
                throw new DataFormatException(name + ":" + line + ":" + (j + 1) + ": the column name \"" + shorten(h)
                        + "\" has " + h.length() + " characters, more than the limit of " + maxChars, true);
            }
            if (!seen.add(h)) {
                throw new DataFormatException(name + ":" + line + ":" + (j + 1) + ": the column name \"" + h
                        + "\" appears twice in the header");
            }
        }
    }

    private static int labelIndex(String name, List<String> header, String label, LabelMode mode) {
        if (label == null) {
            return mode == LabelMode.REQUIRED ? header.size() - 1 : -1;
        }
        int i = header.indexOf(label);
        if (i < 0 && mode == LabelMode.REQUIRED) {
            throw new DataFormatException(name + " has no column named \"" + label + "\"; its columns are " + columns(header));
        }
        return i;
    }

    private static Set<Integer> ignored(String name, List<String> header, int labelIndex, List<String> ignore) {
        Set<Integer> out = new HashSet<>();
        for (String c : ignore) {
            int i = header.indexOf(c);
            if (i < 0) {
                throw new DataFormatException(name + " has no column named \"" + c + "\" to ignore; its columns are "
                        + columns(header));
            }
            if (i == labelIndex) {
                throw new DataFormatException("the column \"" + c + "\" of " + name + " is the label; it cannot be ignored");
            }
            out.add(i);
        }
        return out;
    }

    private static int[] featureIndices(String name, List<String> header, int labelIndex, Set<Integer> ignored,
            List<String> features) {
        if (features == null) {
            int[] idx = new int[header.size()];
            int k = 0;
            for (int j = 0; j < header.size(); j++) {
                if (j != labelIndex && !ignored.contains(j)) {
                    idx[k++] = j;
                }
            }
            if (k == 0) {
                throw new DataFormatException(name + " has no feature column left besides the label \""
                        + (labelIndex >= 0 ? header.get(labelIndex) : "") + "\"" + (ignored.isEmpty() ? "" : " and the ignored columns")
                        + "; at least one feature column is needed");
            }
            return Arrays.copyOf(idx, k);
        }
        int[] idx = new int[features.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = header.indexOf(features.get(k));
            if (idx[k] < 0) {
                throw new DataFormatException(name + " has no column named \"" + features.get(k)
                        + "\", which the model needs as a feature; its columns are " + columns(header));
            }
            if (idx[k] == labelIndex) {
                throw new DataFormatException("the column \"" + features.get(k) + "\" of " + name
                        + " cannot be both a feature and the label");
            }
        }
        return idx;
    }

    private static String columns(List<String> header) {
        return header.size() <= 30 ? String.join(", ", header)
                : String.join(", ", header.subList(0, 30)) + " and " + (header.size() - 30) + " more";
    }

    /** Parses a finite decimal number; anything else names its place. */
    static double number(String cell, String file, long line, int column, String columnName) {
        double v = parseFinite(cell);
        if (Double.isNaN(v)) {
            throw new DataFormatException(file + ":" + line + ":" + column + ": expected a number, found \"" + shorten(cell)
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

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
