package dev.myelin.cli.base;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The shared shape of every subcommand: {@code --help} and {@code --debug}, output through the
 * command line's writers (so tests can capture them), and every failure turned into one sentence
 * and an exit code by {@link Errors}, whether or not the caller installed handlers.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--debug", description = "On an error, also print the stack trace.")
    protected boolean debug;

    /** Does the command's work; returns the exit code. */
    protected abstract int run() throws Exception;

    @Override
    public final Integer call() {
        try {
            int code = run();
            out().flush();
            return code;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            out().flush();
            return Errors.report(e, err(), debug);
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** True if the option was given on the command line (not just defaulted). */
    protected boolean given(String optionName) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        return pr != null && pr.hasMatchedOption(optionName);
    }
}
