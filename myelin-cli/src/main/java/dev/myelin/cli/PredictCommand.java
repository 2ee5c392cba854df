package dev.myelin.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.ModelInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.dataset.CsvLimits;
import dev.myelin.dataset.CsvTable;
import dev.myelin.cli.data.DigitImage;
import dev.myelin.data.Dataset;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code myelin predict}: runs a saved model on new inputs. A CSV file is streamed {@value #CHUNK_ROWS}
 * rows at a time, each chunk printed before the next is read; a bad row stops the run with its error
 * after the rows before it were printed (exit 1). A regression model with a target scaler prints
 * its predictions in the targets' units.
 */
@Command(name = "predict", sortOptions = false,
        description = {"Predict with a saved model: one line per CSV row (class and probabilities, or value).",
            "For an MNIST model (784 inputs) the input may be a PNG or JPEG of a handwritten digit of any size; it is converted "
                    + "as MNIST's digits were (gray, light on dark, cropped, scaled into 20×20, centred by mass in 28×28)."},
        footer = {"", "Examples:",
            "  myelin predict --model mnist.safetensors --input digit.png",
            "  myelin predict --model iris.safetensors --input new-flowers.csv --json"})
public final class PredictCommand extends BaseCommand {
    /** CSV rows read and predicted at a time: memory is that of one chunk, whatever the file's length. */
    static final int CHUNK_ROWS = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        Printer printer = new Printer(m);
        if (DigitImage.isImage(input)) {
            if (m.network().inputs() != DigitImage.SIDE * DigitImage.SIDE) {
                throw new CliException("an image input needs a model of 28×28 = 784 inputs (like MNIST's); this model takes "
                        + m.network().inputs());
            }
            double[] pixels = DigitImage.read(input);
            Dataset raw = new Dataset(Matrix.of(new double[][] {pixels}, Precision.FLOAT64), Matrix.zeros(1, 1, Precision.FLOAT64));
            String name = input.getFileName().toString();
            printer.chunk(ModelInput.prepare(raw, m, false), r -> name, true);
        } else {
            List<String> features = info.featureNames().isEmpty() || !info.featureCrosses().isEmpty() ? null : info.featureNames();
            CsvTable.readChunks(input, info.labelName(), CsvTable.LabelMode.IF_PRESENT, features, List.of(), CsvLimits.DEFAULT,
                    CHUNK_ROWS, t -> {
                        Dataset raw = new Dataset(t.x(), Matrix.zeros(t.rows(), 1, Precision.FLOAT64));
                        long first = printer.rows;
                        printer.chunk(ModelInput.prepare(raw, m, false), r -> "row " + (first + r + 1), false);
                    });
        }
        printer.finish();
        return 0;
    }

    /**
     * Prints predictions chunk by chunk: a line per example, or one JSON object whose
     * {@code predictions} array is written as it goes (the same text as one {@code writeValueAsString}).
     */
    private final class Printer {
        private final Model m;
        private final boolean classification;
        private final List<String> names;
        private final PrintWriter out = out();
        private JsonGenerator json;
        private long rows;

        Printer(Model m) {
            this.m = m;
            classification = m.info().isClassification();
            names = ModelInput.classNames(m);
        }

        void chunk(Dataset d, java.util.function.IntFunction<String> rowNames, boolean image) throws IOException {
            Matrix outputs = m.network().predict(d.x());
            ModelInput.checkFinite(outputs, rowNames);
            outputs = m.info().unscaleTargets(outputs);
            if (PredictCommand.this.json && json == null) {
                json = MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.writeStartObject();
                json.writeStringField("model", model.toString());
                json.writeStringField("task", m.info().task());
                json.writeArrayFieldStart("predictions");
            }
            for (int r = 0; r < outputs.rows(); r++) {
                ObjectNode o = row(outputs, r, rowNames.apply(r), image ? rowNames.apply(r) : Long.toString(rows + r + 1), image);
                if (json != null) {
                    MAPPER.writeTree(json, o);
                }
            }
            rows += outputs.rows();
            if (json != null) {
                json.flush();
            }
            out.flush();
        }

        void finish() throws IOException {
            if (json != null) {
                json.writeEndArray();
                json.writeEndObject();
                json.close();
                out.println();
            }
            out.flush();
        }

        private ObjectNode row(Matrix outputs, int r, String rowName, String key, boolean image) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put(image ? "input" : "row", key);
            boolean text = !PredictCommand.this.json;
            if (classification) {
                String act = m.network().outputLayer().activation().name();
                boolean probabilities = act.equals("softmax") || (act.equals("sigmoid") && outputs.cols() == 1);
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
                if (text) {
                    out.printf(Locale.ROOT, "%s: %s  (%s %.4f)   %s:%s%n", rowName, cls, probabilities ? "p" : "output",
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
                if (text) {
                    StringBuilder sb = new StringBuilder();
                    for (int j = 0; j < v.length; j++) {
                        sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", v[j]));
                    }
                    out.println(rowName + ": " + sb);
                }
            }
            return o;
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
