package dev.myelin.dataset;

/**
 * A data file that cannot be used as given, in one sentence naming the place ({@code data.csv:12:3: …})
 * and what was expected. {@link #overLimit()} tells a size limit (the playground answers 413) from a
 * malformed file (400).
 */
public class DataFormatException extends IllegalArgumentException {
    private final boolean overLimit;

    public DataFormatException(String message) {
        this(message, false);
    }

    public DataFormatException(String message, boolean overLimit) {
        super(message);
        this.overLimit = overLimit;
    }

    /** True if the file is well formed but larger than a limit it is read with. */
    public boolean overLimit() {
        return overLimit;
    }
}
