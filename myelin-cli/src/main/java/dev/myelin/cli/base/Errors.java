package dev.myelin.cli.base;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * Turns any failure into one clear sentence on standard error and an exit code: 2 for a usage error
 * (picocli's and {@link UsageException}), 1 for everything else. A stack trace is printed only with
 * {@code --debug}.
 */
public final class Errors {
    /** The exit code of a run that failed while working. */
    public static final int RUNTIME = 1;
    /** The exit code of a command line that cannot be run as given. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private Errors() {}

    /** Prints the error's sentence (and its stack trace when {@code debug}); returns the exit code. */
    public static int report(Throwable t, PrintWriter err, boolean debug) {
        err.println("error: " + message(t));
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return t instanceof UsageException || t instanceof CommandLine.ParameterException ? USAGE : RUNTIME;
    }

    /** The user-facing sentence for a failure. */
    public static String message(Throwable t) {
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return message(u.getCause());
        }
        if (t instanceof NoSuchFileException e) {
            return "no such file or directory: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (t instanceof FileSystemException e) {
            return (e.getFile() == null ? "" : e.getFile() + ": ") + (e.getReason() == null ? "cannot be read or written" : e.getReason());
        }
        if (t instanceof OutOfMemoryError) {
            return "the Java heap is too small for this data; give more with MYELIN_JAVA_OPTS=-Xmx8g (or less data)";
        }
        if (t instanceof StackOverflowError) {
            return "the program ran out of stack (run again with --debug and report it)";
        }
        String m = t.getMessage();
        if (t instanceof UsageException || t instanceof CliException || t instanceof IOException
                || t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof CommandLine.ParameterException) {
            return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        }
        return "internal error (" + t.getClass().getSimpleName() + (m == null ? "" : ": " + m)
                + "); run again with --debug to see where";
    }
}
