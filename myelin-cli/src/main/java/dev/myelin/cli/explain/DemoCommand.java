package dev.myelin.cli.explain;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.Errors;
import dev.myelin.cli.base.UsageException;
import dev.myelin.diagnostics.VanishingGradients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin demo}: the notes' lessons, computed. */
@Command(name = "demo", description = "The notes' lessons, computed: 'vanishing' (vanishing gradients) and 'perceptron'.",
        footer = {"", "Examples:", "  myelin demo vanishing", "  myelin demo perceptron"})
public final class DemoCommand extends BaseCommand {
    @Override
    protected int run() {
        err().println("error: name a demo: vanishing or perceptron (see 'myelin demo --help')");
        return Errors.USAGE;
    }

    /** {@code myelin demo vanishing}. */
    @Command(name = "vanishing", sortOptions = false,
            description = "Train the same deep network with sigmoid and with ReLU hidden units and show, layer by layer, "
                    + "the weight gradient norm ‖∂E/∂W‖: with sigmoid it shrinks by orders of magnitude toward the input.")
    public static final class Vanishing extends BaseCommand {
        @Option(names = "--layers", defaultValue = "8", paramLabel = "N", description = "Hidden layers (default: ${DEFAULT-VALUE}).")
        int layers;

        @Option(names = "--width", defaultValue = "32", paramLabel = "N", description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Training epochs (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "7", paramLabel = "N", description = "Seed of the data and weights (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        protected int run() {
            if (layers < 1 || layers > 50 || width < 1 || width > 1024 || epochs < 1 || epochs > 100) {
                throw new UsageException("--layers must be 1-50, --width 1-1024 and --epochs 1-100");
            }
            out().printf("Vanishing gradients: %d hidden layers of %d units, on the circle data (512 points), "
                    + "sigmoid output, binary cross-entropy, SGD η = 0.1, %d epoch%s.%n", layers, width, epochs, epochs == 1 ? "" : "s");
            out().println("‖∂E/∂W‖ per layer (layer 1 is next to the input), before training and in the last epoch:");
            out().println();
            VanishingGradients.Comparison c = VanishingGradients.compare(layers, width, epochs, seed);
            out().print(c.format());
            out().println();
            out().println("Each sigmoid layer multiplies the backpropagated δ by σ'(z) ≤ 1/4 (δ⁽ˡ⁾ = σ'(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾·W⁽ˡ⁺¹⁾ᵀ),");
            out().println("so the layers near the input barely learn; ReLU's derivative is 1 where it is active.");
            return 0;
        }
    }

    /** {@code myelin demo perceptron}. */
    @Command(name = "perceptron",
            description = "The perceptron rule on AND, OR and XOR (XOR never converges), XOR from OR and AND in two layers, "
                    + "and the cheese-festival decision with thresholds 5 and 3.")
    public static final class PerceptronDemo extends BaseCommand {
        @Override
        protected int run() {
            out().print(PerceptronLessons.all());
            return 0;
        }
    }
}
