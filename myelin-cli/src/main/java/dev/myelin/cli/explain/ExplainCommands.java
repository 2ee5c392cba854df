package dev.myelin.cli.explain;

import picocli.CommandLine;

/**
 * Registers the commands that look inside a network: {@code explain}, {@code gradcheck},
 * {@code visualize} and {@code demo} (with {@code vanishing} and {@code perceptron}).
 */
public final class ExplainCommands {
    private ExplainCommands() {}

    /** Adds the commands to the top-level command line (before its handlers are installed). */
    public static void register(CommandLine commandLine) {
        commandLine.addSubcommand("explain", new ExplainCommand());
        commandLine.addSubcommand("gradcheck", new GradcheckCommand());
        commandLine.addSubcommand("visualize", new VisualizeCommand());
        CommandLine demo = new CommandLine(new DemoCommand());
        demo.addSubcommand("vanishing", new DemoCommand.Vanishing());
        demo.addSubcommand("perceptron", new DemoCommand.PerceptronDemo());
        commandLine.addSubcommand("demo", demo);
    }
}
