package dev.myelin.cli.base;

/** A problem the command explains in one sentence (exit code 1): bad data, a missing download, a mismatch. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
