package dev.myelin.cli.explain;

import dev.myelin.Network;
import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.explain.Explainer;
import dev.myelin.explain.Explanation;
import dev.myelin.explain.ExplanationJson;
import dev.myelin.explain.ExplanationRenderer;
import dev.myelin.io.AtomicFiles;
import dev.myelin.io.NetworkJson;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.Optimizers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin explain}: every number of a forward pass, backward pass and update, as the notes write them. */
@Command(name = "explain", sortOptions = false,
        description = "Show every number of N training steps of a small network, in float64: z = Σ w·x + b and a = σ(z) "
                + "unit by unit, the loss, ∂E/∂out, ∂out/∂z and δ for each unit, every gradient as δ·a_prev, and the update.",
        footer = {"", "Example (the worked example of the notes):",
            "  myelin explain --network notes.json --input \"2,9\" --target 1 --loss half_sse --lr 0.1",
            "  myelin explain --network notes.json --input \"2,9;5,3\" --target \"1;0\" --steps 20 --format json"})
public final class ExplainCommand extends BaseCommand {
    static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "adam", "adagrad", "rmsprop", "adadelta");

    @Option(names = "--network", required = true, paramLabel = "FILE.json",
            description = "The network in the JSON network format, with its weights (or a model file).")
    Path network;

    @Option(names = "--input", required = true, paramLabel = "VALUES",
            description = "The input values, e.g. \"2,9\"; several examples separated by ';' form a batch.")
    String input;

    @Option(names = "--target", required = true, paramLabel = "VALUES", description = "The targets, e.g. \"1\" (\"1;0\" for a batch).")
    String target;

    @Option(names = "--loss", defaultValue = "half_sse", paramLabel = "NAME",
            description = "half_sse, mse, binary_cross_entropy or categorical_cross_entropy (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--lr", defaultValue = "0.1", paramLabel = "η", description = "The learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
            description = "sgd, momentum, adam, adagrad, rmsprop or adadelta (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--steps", defaultValue = "1", paramLabel = "N", description = "Training steps on the batch (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (the notes' notation), markdown (LaTeX formulas) or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--save", paramLabel = "FILE.json", description = "Also write the updated network here.")
    Path save;

    @Override
    protected int run() throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!List.of("text", "markdown", "md", "json").contains(fmt)) {
            throw new UsageException("--format must be text, markdown or json, got '" + format + "'");
        }
        if (!OPTIMIZERS.contains(optimizer.toLowerCase(Locale.ROOT))) {
            throw new UsageException("--optimizer must be one of " + String.join(", ", OPTIMIZERS) + ", got '" + optimizer + "'");
        }
        if (steps < 1 || steps > 10_000) {
            throw new UsageException("--steps must be from 1 to 10000, got " + steps);
        }
        Loss l;
        try {
            l = Loss.byName(loss);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--loss: " + e.getMessage());
        }
        Network net = NetworkFiles.readFloat64(network);
        double[][] x = NetworkFiles.batch("--input", input, net.inputs());
        double[][] y = NetworkFiles.batch("--target", target, net.outputs());
        if (x.length != y.length) {
            throw new UsageException("--input has " + x.length + " examples but --target has " + y.length);
        }
        Optimizer opt = Optimizers.create(optimizer, lr);
        Explanation e = Explainer.explain(net, x, y, l, opt, steps);
        out().print(switch (fmt) {
            case "json" -> ExplanationJson.write(e);
            case "markdown", "md" -> ExplanationRenderer.markdown(e);
            default -> ExplanationRenderer.text(e);
        });
        if (save != null) {
            AtomicFiles.write(save, NetworkJson.write(e.network()).getBytes(StandardCharsets.UTF_8));
            err().println("saved the updated network to " + save);
        }
        return 0;
    }
}
