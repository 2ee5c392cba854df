package dev.myelin.cli.explain;

import dev.myelin.Network;
import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.gradcheck.GradientCheck;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin gradcheck}: backpropagation against central differences, layer by layer. */
@Command(name = "gradcheck", sortOptions = false,
        description = "Compare the network's backpropagated gradients with central differences (E(θ+h) − E(θ−h))/2h and "
                + "print the worst relative error per layer: about 1e-7 or less means the backward pass is right.",
        footer = {"", "Examples:", "  myelin gradcheck --network net.json",
            "  myelin gradcheck --network net.json --input \"2,9;1,0\" --target \"1;0\" --loss half_sse",
            "", "Exit code 1 if a layer's error is above --tolerance."})
public final class GradcheckCommand extends BaseCommand {
    @Option(names = "--network", required = true, paramLabel = "FILE.json", description = "The network, with weights.")
    Path network;

    @Option(names = "--input", paramLabel = "VALUES", description = "Inputs (\"2,9;1,0\"); default: random examples.")
    String input;

    @Option(names = "--target", paramLabel = "VALUES", description = "Targets; default: random targets that suit the loss.")
    String target;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "The loss (default: categorical_cross_entropy after softmax, binary_cross_entropy after sigmoid, else mse).")
    String loss;

    @Option(names = "--examples", defaultValue = "4", paramLabel = "N", description = "Random examples when --input is not given (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the random examples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--h", defaultValue = "1e-6", paramLabel = "STEP", description = "The finite-difference step (default: ${DEFAULT-VALUE}).")
    double h;

    @Option(names = "--max-per-tensor", defaultValue = "0", paramLabel = "N",
            description = "Check at most N values of each weight or bias tensor, 0 = all (default: ${DEFAULT-VALUE}).")
    int maxPerTensor;

    @Option(names = "--tolerance", defaultValue = "1e-5", paramLabel = "E",
            description = "The largest acceptable relative error (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Override
    protected int run() throws Exception {
        Network net = NetworkFiles.readFloat64(network);
        String act = net.outputLayer().activation().name();
        Loss l = loss != null ? Loss.byName(loss)
                : act.equals("softmax") ? Loss.CATEGORICAL_CROSS_ENTROPY : act.equals("sigmoid") ? Loss.BINARY_CROSS_ENTROPY : Loss.MSE;
        if ((input == null) != (target == null)) {
            throw new UsageException("give both --input and --target, or neither (random examples)");
        }
        double[][] x;
        double[][] y;
        if (input != null) {
            x = NetworkFiles.batch("--input", input, net.inputs());
            y = NetworkFiles.batch("--target", target, net.outputs());
            if (x.length != y.length) {
                throw new UsageException("--input has " + x.length + " examples but --target has " + y.length);
            }
        } else {
            if (examples < 1) {
                throw new UsageException("--examples must be at least 1, got " + examples);
            }
            Rng rng = new Rng(seed);
            x = new double[examples][net.inputs()];
            y = new double[examples][net.outputs()];
            for (int n = 0; n < examples; n++) {
                for (int i = 0; i < net.inputs(); i++) {
                    x[n][i] = rng.nextGaussian();
                }
                if (l == Loss.CATEGORICAL_CROSS_ENTROPY) {
                    y[n][rng.nextInt(net.outputs())] = 1;
                } else {
                    for (int j = 0; j < net.outputs(); j++) {
                        y[n][j] = l == Loss.BINARY_CROSS_ENTROPY ? rng.nextInt(2) : rng.nextDouble();
                    }
                }
            }
        }
        GradientCheck.Report r = GradientCheck.check(net, Matrix.of(x, Precision.FLOAT64), Matrix.of(y, Precision.FLOAT64), l, h,
                maxPerTensor);
        out().printf(Locale.ROOT, "gradient check of %s: loss %s, %d example%s, h = %g%n%n", network, l.name(), x.length,
                x.length == 1 ? "" : "s", h);
        out().print(r.format());
        boolean ok = r.passes(tolerance);
        out().printf(Locale.ROOT, "%nworst relative error %.3e: %s (tolerance %.1e)%n", r.worstRelativeError(),
                ok ? "the gradients agree" : "MISMATCH, the backward pass disagrees with the loss", tolerance);
        return ok ? 0 : 1;
    }
}
