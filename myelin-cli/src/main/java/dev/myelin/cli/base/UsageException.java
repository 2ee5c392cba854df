package dev.myelin.cli.base;

/**
 * A command line that cannot work as given (a missing or conflicting flag, a value out of range):
 * the command prints the message and exits with code 2, like picocli's own usage errors.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
