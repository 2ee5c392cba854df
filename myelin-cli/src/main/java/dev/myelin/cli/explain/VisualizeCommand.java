package dev.myelin.cli.explain;

import dev.myelin.Network;
import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.cli.base.UsageException;
import dev.myelin.dataset.CsvTable;
import dev.myelin.cli.data.DataSets;
import dev.myelin.data.Dataset;
import dev.myelin.diagnostics.ActivationMaximization;
import dev.myelin.diagnostics.TopActivations;
import dev.myelin.Model;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code myelin visualize}: what the units of a trained model respond to, as PNG pictures: square
 * pictures for an image model, a labelled weight map ({@link WeightMap}) for a model of named features.
 */
@Command(name = "visualize", sortOptions = false,
        description = "Draw what units of a trained model respond to: the first layer's weights of each unit as a picture "
                + "(28×28 for MNIST; red positive, blue negative), the input that maximizes each unit (gradient ascent on the "
                + "input with ‖x‖ ≤ radius) and, with --data, the examples that activate each unit most. For a model of named "
                + "features (a CSV model, not a square image), weights.png is a labelled inputs × units map of the layer's weights "
                + "with a colour scale, and the rest is printed as text.",
        footer = {"", "Example:", "  myelin visualize --model mnist.safetensors --layer 0 --units 0-15 --data mnist --out pictures"})
public final class VisualizeCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The trained model (.safetensors or .json).")
    Path model;

    @Option(names = "--layer", defaultValue = "0", paramLabel = "L", description = "The dense layer, 0 = first (default: ${DEFAULT-VALUE}).")
    int layer;

    @Option(names = "--units", defaultValue = "0-15", paramLabel = "LIST", description = "Units: \"0-15\" or \"0,3,7\" (default: ${DEFAULT-VALUE}).")
    String units;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder for the PNG files.")
    Path out;

    @Option(names = "--data", paramLabel = "DATA", description = "mnist or a CSV file, to find the examples that activate each unit most.")
    String data;

    @Option(names = "--top", defaultValue = "9", paramLabel = "K", description = "Examples per unit (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--steps", defaultValue = "300", paramLabel = "N", description = "Gradient-ascent steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--radius", paramLabel = "R", description = "The bound on ‖x‖ (default: the data's mean ‖x‖, else 0.33·√inputs).")
    Double radius;

    @Option(names = "--scale", defaultValue = "4", paramLabel = "PIXELS", description = "Screen pixels per input value (default: ${DEFAULT-VALUE}).")
    int scale;

    @Override
    protected int run() throws Exception {
        Model m = ModelInput.load(model);
        Network net = m.network();
        if (layer < 0 || layer >= net.layers().size() || net.layers().get(layer).activation() == null) {
            throw new UsageException("--layer must name a dense layer: 0 to " + (net.layers().size() - 1));
        }
        Layer d = net.layers().get(layer);
        List<Integer> unitList = parseUnits(units, d.outputs());
        int side = Pictures.side(net.inputs());
        // An image model: a square of at least 8×8 inputs without column names (or MNIST's 784 named pixels).
        boolean image = side >= 8 && (m.info().featureNames().isEmpty() || net.inputs() == 784);
        if (scale < 1 || scale > 32 || top < 1 || top > 100 || steps < 1) {
            throw new UsageException("--scale must be 1-32, --top 1-100 and --steps at least 1");
        }
        Dataset raw = null;
        Dataset prepared = null;
        if (data != null) {
            // a CSV file: the model's feature columns (its label column, if the file has it, is left out)
            boolean csv = !DataSets.isBuiltIn(data);
            List<String> features = !csv || m.info().featureNames().isEmpty() || !m.info().featureCrosses().isEmpty() ? null
                    : m.info().featureNames();
            DataSets.Loaded loaded = DataSets.load(data, new DataSets.Request(csv ? m.info().labelName() : null,
                    CsvTable.LabelMode.IF_PRESENT, features, null, null, 1000, 0, 7, List.of(), true), err());
            raw = loaded.data();
            prepared = ModelInput.prepare(raw, m, false);
        }
        boolean pixels = m.info().scaler() == null && net.inputs() == 784;
        double rho = radius != null ? radius : prepared != null ? meanNorm(prepared.x()) : 0.33 * Math.sqrt(net.inputs());
        // Maximize z: for a monotone activation (sigmoid, tanh, ReLU...) argmax a = argmax z, and z has a gradient
        // where a ReLU is off; for a softmax output, z is the class logit.
        boolean pre = true;
        PrintPlan plan = new PrintPlan();

        if (!image) {
            return tabular(m, d, unitList, prepared, plan);
        }
        if (layer == 0) {
            List<BufferedImage> tiles = new ArrayList<>();
            for (int u : unitList) {
                double[] w = new double[net.inputs()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = d.parameters().get(0).value().get(i, u);
                }
                tiles.add(Pictures.diverging(w, scale));
            }
            plan.write(Pictures.grid(tiles, 8), out.resolve("weights.png"), "first-layer weights of units " + units + " (red +, blue −)");
        } else {
            out().println("(weights pictures are drawn for layer 0 only: deeper units see activations, not pixels)");
        }

        ActivationMaximization.Options opts = new ActivationMaximization.Options(rho, rho / 30, steps,
                pixels ? 0 : Double.NEGATIVE_INFINITY, pixels ? 1 : Double.POSITIVE_INFINITY, pre, 1);
        List<BufferedImage> maxTiles = new ArrayList<>();
        out().printf(Locale.ROOT, "activation maximization: ‖x‖ ≤ %.3g%s, %d steps, maximizing %s%n", rho,
                pixels ? ", pixels in [0, 1]" : "", steps, "z, the pre-activation (the logit for a softmax output)");
        for (int u : unitList) {
            ActivationMaximization.Result r = ActivationMaximization.maximize(net, layer, u, opts);
            out().printf(Locale.ROOT, "  unit %3d: %s %.4g → %.4g%n", u, pre ? "z" : "a", r.initialValue(), r.value());
            maxTiles.add(Pictures.gray(r.input(), scale, Double.NaN, Double.NaN));
        }
        plan.write(Pictures.grid(maxTiles, 8), out.resolve("maximize.png"), "inputs that maximize units " + units);

        if (prepared != null) {
            for (int u : unitList) {
                TopActivations.Top t = TopActivations.top(net, layer, u, prepared.x(), top, pre);
                List<BufferedImage> tiles = new ArrayList<>();
                for (int idx : t.indices()) {
                    double[] x = raw.x().rowToArray(idx);
                    tiles.add(pixels ? Pictures.gray(x, scale, 0, 1) : Pictures.gray(x, scale, Double.NaN, Double.NaN));
                }
                int cols = (int) Math.ceil(Math.sqrt(tiles.size()));
                plan.write(Pictures.grid(tiles, cols), out.resolve(String.format(Locale.ROOT, "top_unit_%03d.png", u)),
                        String.format(Locale.ROOT, "unit %d: examples %s, activations %.3g … %.3g", u, indices(t.indices()),
                                t.values()[0], t.values()[t.values().length - 1]));
            }
        } else {
            out().println("(give --data mnist or a CSV file to also draw the examples that activate each unit most)");
        }
        plan.flush();
        return 0;
    }

    /**
     * A model whose inputs are named features (not a square image): the chosen layer's weights as a
     * labelled inputs × units map ({@link WeightMap}), and the inputs that maximize each unit and the
     * examples that activate it most as text.
     */
    private int tabular(Model m, Layer d, List<Integer> unitList, Dataset prepared, PrintPlan plan) throws Exception {
        Network net = m.network();
        List<String> inputNames = new ArrayList<>();
        for (int i = 0; i < d.inputs(); i++) {
            inputNames.add(layer > 0 ? "layer " + (layer - 1) + " unit " + i : inputName(m, i));
        }
        Matrix w = d.parameters().get(0).value();
        double[][] weights = new double[d.inputs()][unitList.size()];
        for (int i = 0; i < d.inputs(); i++) {
            for (int k = 0; k < unitList.size(); k++) {
                weights[i][k] = w.get(i, unitList.get(k));
            }
        }
        List<String> unitLabels = unitList.stream().map(String::valueOf).toList();
        plan.write(WeightMap.draw(weights, inputNames, unitLabels, "layer " + layer + " weights, units " + units),
                out.resolve("weights.png"), "layer " + layer + " weights as a map: " + d.inputs() + " inputs × " + unitList.size()
                        + " units (red +, blue −), labelled");
        double rho = radius != null ? radius : prepared != null ? meanNorm(prepared.x()) : 0.33 * Math.sqrt(net.inputs());
        ActivationMaximization.Options opts = new ActivationMaximization.Options(rho, rho / 30, steps, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY, true, 1);
        out().printf(Locale.ROOT, "activation maximization: ‖x‖ ≤ %.3g (scaled inputs), %d steps, maximizing z, the pre-activation%n",
                rho, steps);
        for (int u : unitList) {
            ActivationMaximization.Result r = ActivationMaximization.maximize(net, layer, u, opts);
            StringBuilder sb = new StringBuilder();
            double[] x = r.input();
            for (int i = 0; i < Math.min(x.length, 8); i++) {
                sb.append(i == 0 ? "" : ", ").append(inputName(m, i)).append(' ').append(String.format(Locale.ROOT, "%.3g", x[i]));
            }
            out().printf(Locale.ROOT, "  unit %3d: z %.4g → %.4g at %s%s%n", u, r.initialValue(), r.value(), sb,
                    x.length > 8 ? ", …" : "");
        }
        if (prepared != null) {
            for (int u : unitList) {
                TopActivations.Top t = TopActivations.top(net, layer, u, prepared.x(), top, true);
                out().printf(Locale.ROOT, "  unit %3d: most active examples %s, activations %.3g … %.3g%n", u, indices(t.indices()),
                        t.values()[0], t.values()[t.values().length - 1]);
            }
        }
        plan.flush();
        return 0;
    }

    private static String inputName(Model m, int i) {
        List<String> names = !m.info().featureCrosses().isEmpty() ? m.info().featureCrosses() : m.info().featureNames();
        return i < names.size() ? names.get(i) : "x" + (i + 1);
    }

    private final class PrintPlan {
        private final List<String> lines = new ArrayList<>();

        void write(BufferedImage img, Path file, String what) throws java.io.IOException {
            Pictures.write(img, file);
            lines.add(String.format(Locale.ROOT, "wrote %s (%d×%d): %s", file, img.getWidth(), img.getHeight(), what));
        }

        void flush() {
            lines.forEach(out()::println);
        }
    }

    private static String indices(int[] idx) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(idx.length, 5); i++) {
            b.append(i > 0 ? "," : "").append(idx[i]);
        }
        return b.append(idx.length > 5 ? ",…" : "").toString();
    }

    private static double meanNorm(Matrix x) {
        double s = 0;
        for (int r = 0; r < x.rows(); r++) {
            double n = 0;
            for (int c = 0; c < x.cols(); c++) {
                n += x.get(r, c) * x.get(r, c);
            }
            s += Math.sqrt(n);
        }
        return x.rows() == 0 ? 1 : s / x.rows();
    }

    /** "0-15" or "0,3,7" (ranges may mix: "0-3,9"), each within 0..units−1. */
    static List<Integer> parseUnits(String text, int units) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                if (p.contains("-")) {
                    String[] ab = p.split("-", 2);
                    int a = Integer.parseInt(ab[0].trim()), b = Integer.parseInt(ab[1].trim());
                    for (int u = a; u <= b; u++) {
                        out.add(u);
                    }
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--units takes \"0-15\" or \"0,3,7\", got '" + text + "'");
            }
        }
        for (int u : out) {
            if (u < 0 || u >= units) {
                throw new UsageException("--units: unit " + u + " does not exist; the layer has units 0 to " + (units - 1));
            }
        }
        if (out.isEmpty() || out.size() > 256) {
            throw new UsageException("--units must name 1 to 256 units");
        }
        return out;
    }
}
