package dev.myelin.cli;

import dev.myelin.cli.base.Errors;
import dev.myelin.cli.bench.BenchCommand;
import dev.myelin.cli.explain.ExplainCommands;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code myelin} command: train, evaluate, predict with and summarize dense networks, from a CSV
 * file, MNIST or the TensorFlow Playground's synthetic sets. Exit codes: 0 done, 1 failed while
 * working, 2 a usage error.
 */
@Command(name = "myelin", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class, ConvertCommand.class,
            DataCommand.class, BenchCommand.class, PlaygroundCommand.class, CommandLine.HelpCommand.class},
        description = "Dense neural networks for the JVM: train on a CSV file, MNIST or a synthetic set, then evaluate, "
                + "predict and inspect the saved model.",
        footer = {"", "Examples:",
            "  myelin train --data mnist --save mnist.safetensors",
            "  myelin train --data energy.csv --label energy --save energy.safetensors",
            "  myelin evaluate --model mnist.safetensors --data mnist",
            "  myelin predict --model mnist.safetensors --input digit.png",
            "  myelin summary --model mnist.safetensors",
            "  myelin convert mnist.safetensors mnist.onnx",
            "  myelin explain --network notes.json --input 2,9 --target 1 --loss half_sse --lr 0.1",
            "  myelin playground",
            "  myelin bench --config small",
            "", "Exit codes: 0 done, 1 failed while working, 2 usage error."})
public final class Main implements Callable<Integer> {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: name a command (see 'myelin --help')");
        err.flush();
        return Errors.USAGE;
    }

    /** The command line with every subcommand and the error handlers installed. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        ExplainCommands.register(cl);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler(Main::onParameterError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) ->
                Errors.report(e, commandLine.getErr(), parseResult.originalArgs().contains("--debug")));
        return cl;
    }

    private static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(null);
            message = first != null ? "unknown option '" + first + "'" : "unexpected argument '" + u.getUnmatched().get(0) + "'";
            String close = closest(first != null ? first : u.getUnmatched().get(0),
                    first != null ? cl.getCommandSpec().optionsMap().keySet() : cl.getSubcommands().keySet());
            if (close != null) {
                message += "; did you mean '" + close + "'?";
            }
        }
        if (message != null && !message.isEmpty()) {
            message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        err.println("error: " + message + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return Errors.USAGE;
    }

    /** The name within edit distance 2 of {@code typed} (the nearest; none if two tie or none is close). */
    static String closest(String typed, java.util.Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String n : names) {
            int d = distance(typed, n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= 2 && bestDistance < typed.length() && !tie ? best : null;
    }

    /** Damerau–Levenshtein distance (optimal string alignment): "trian" → "train" is 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** picocli's {@code --version}. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"myelin " + dev.myelin.Version.get() + " (Java " + Runtime.version() + ", "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
        }
    }
}
