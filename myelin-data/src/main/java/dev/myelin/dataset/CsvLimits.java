package dev.myelin.dataset;

/**
 * What a CSV file may hold before reading it stops, so that a small hostile file cannot make the
 * reader allocate far more than it read: the file's bytes, its columns (checked on the header, before
 * any row is read), its data rows, and the length of a column name.
 *
 * @param maxBytes the largest file (bytes)
 * @param maxColumns the most columns in the header
 * @param maxRows the most data rows
 * @param maxNameChars the longest column name
 */
public record CsvLimits(long maxBytes, int maxColumns, int maxRows, int maxNameChars) {
    /** The command line's limits: 1 GiB, 65,536 columns, 2³¹ − 1 rows, names of 256 characters. */
    public static final CsvLimits DEFAULT = new CsvLimits(1L << 30, 65_536, Integer.MAX_VALUE, 256);

    public CsvLimits {
        if (maxBytes < 1 || maxColumns < 1 || maxRows < 1 || maxNameChars < 1) {
            throw new IllegalArgumentException("CSV limits must be positive, got " + maxBytes + " bytes, " + maxColumns
                    + " columns, " + maxRows + " rows, " + maxNameChars + " characters");
        }
    }

    /** The same limits with another file size limit. */
    public CsvLimits withMaxBytes(long bytes) {
        return new CsvLimits(bytes, maxColumns, maxRows, maxNameChars);
    }
}
