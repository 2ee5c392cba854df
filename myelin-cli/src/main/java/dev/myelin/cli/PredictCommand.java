package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.ModelInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.dataset.CsvTable;
import dev.myelin.cli.data.DigitImage;
import dev.myelin.data.Dataset;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code myelin predict}: runs a saved model on new inputs. */
@Command(name = "predict", sortOptions = false,
        description = {"Predict with a saved model: one line per CSV row (class and probabilities, or value).",
            "For an MNIST model (784 inputs) the input may be a PNG or JPEG of a handwritten digit of any size; it is converted "
                    + "as MNIST's digits were (gray, light on dark, cropped, scaled into 20×20, centred by mass in 28×28)."},
        footer = {"", "Examples:",
            "  myelin predict --model mnist.safetensors --input digit.png",
            "  myelin predict --model iris.safetensors --input new-flowers.csv --json"})
public final class PredictCommand extends BaseCommand {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model (.safetensors, .json or .onnx).")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "A CSV file with the model's feature columns (a label column is ignored), or an image (.png, .jpg).")
    Path input;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    protected int run() throws Exception {
        Model m = ModelInput.load(model);
        ModelInfo info = m.info();
        if (!Files.exists(input)) {
            throw new CliException("no such input file: " + input);
        }
        List<String> rowNames = new ArrayList<>();
        Dataset raw;
        boolean image = DigitImage.isImage(input);
        if (image) {
            if (m.network().inputs() != DigitImage.SIDE * DigitImage.SIDE) {
                throw new CliException("an image input needs a model of 28×28 = 784 inputs (like MNIST's); this model takes "
                        + m.network().inputs());
            }
            double[] pixels = DigitImage.read(input);
            raw = new Dataset(Matrix.of(new double[][] {pixels}, Precision.FLOAT64), Matrix.zeros(1, 1, Precision.FLOAT64));
            rowNames.add(input.getFileName().toString());
        } else {
            List<String> features = info.featureNames().isEmpty() || !info.featureCrosses().isEmpty() ? null : info.featureNames();
            CsvTable t = CsvTable.read(input, info.labelName(), CsvTable.LabelMode.IF_PRESENT, features, java.util.List.of(), dev.myelin.dataset.CsvLimits.DEFAULT);
            raw = new Dataset(t.x(), Matrix.zeros(t.rows(), 1, Precision.FLOAT64));
            for (int r = 0; r < t.rows(); r++) {
                rowNames.add("row " + (r + 1));
            }
        }
        Dataset d = ModelInput.prepare(raw, m, false);
        Matrix outputs = m.network().predict(d.x());
        ModelInput.checkFinite(outputs, rowNames::get);
        print(m, outputs, rowNames, image);
        return 0;
    }

    private void print(Model m, Matrix outputs, List<String> rowNames, boolean image) throws Exception {
        boolean classification = m.info().isClassification();
        List<String> names = ModelInput.classNames(m);
        String act = m.network().outputLayer().activation().name();
        boolean probabilities = act.equals("softmax") || (act.equals("sigmoid") && outputs.cols() == 1);
        PrintWriter out = out();
        ArrayNode preds = JsonNodeFactory.instance.arrayNode();
        for (int r = 0; r < outputs.rows(); r++) {
            ObjectNode o = preds.addObject();
            o.put(image ? "input" : "row", image ? rowNames.get(r) : Integer.toString(r + 1));
            if (classification) {
                double[] p = classScores(outputs, r);
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                String cls = best < names.size() ? names.get(best) : Integer.toString(best);
                o.put("class", cls);
                ObjectNode probs = o.putObject(probabilities ? "probabilities" : "outputs");
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < p.length; c++) {
                    String n = c < names.size() ? names.get(c) : Integer.toString(c);
                    probs.put(n, p[c]);
                    sb.append(String.format(Locale.ROOT, "  %s %.4f", n, p[c]));
                }
                if (!json) {
                    out.printf(Locale.ROOT, "%s: %s  (%s %.4f)   %s:%s%n", rowNames.get(r), cls, probabilities ? "p" : "output",
                            p[best], probabilities ? "probabilities" : "outputs", sb);
                }
            } else {
                double[] v = outputs.rowToArray(r);
                if (v.length == 1) {
                    o.put("value", v[0]);
                } else {
                    ArrayNode a = o.putArray("values");
                    for (double x : v) {
                        a.add(x);
                    }
                }
                if (!json) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < v.length; j++) {
                        sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[j]));
                    }
                    out.println(rowNames.get(r) + ": " + sb);
                }
            }
        }
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("model", model.toString());
            root.put("task", m.info().task());
            root.set("predictions", preds);
            out.println(new ObjectMapper().writeValueAsString(root));
        }
    }

    /** Per-class scores of one output row: a single sigmoid output p becomes (1 − p, p). */
    private static double[] classScores(Matrix outputs, int r) {
        if (outputs.cols() == 1) {
            double p = outputs.get(r, 0);
            return new double[] {1 - p, p};
        }
        return outputs.rowToArray(r);
    }
}
