package dev.myelin.cli;

import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.ModelInput;
import dev.myelin.cli.base.Evaluation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.dataset.CsvTable;
import dev.myelin.cli.data.DataSets;
import dev.myelin.cli.base.Figures;
import dev.myelin.data.Dataset;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code myelin evaluate}: scores a saved model on a data set. A CSV file is read, scaled and scored
 * {@value #CHUNK_ROWS} rows at a time ({@link DataSets#stream}, {@link Evaluation.Running}); the printed
 * metrics are those of the whole file, in the targets' units (a model with a target scaler is unscaled).
 */
@Command(name = "evaluate", sortOptions = false,
        description = "Score a saved model on a data set: loss, accuracy and confusion matrix (classification) or MSE, MAE "
                + "and R² (regression).",
        footer = {"", "Examples:",
            "  myelin evaluate --model mnist.safetensors --data mnist          (MNIST's 10,000 test images)",
            "  myelin evaluate --model iris.safetensors --data iris-test.csv --json"})
public final class EvaluateCommand extends BaseCommand {
    /**
     * Examples read, scaled and scored at a time: a CSV file is streamed, so memory is that of one chunk
     * (4,096 rows × columns) whatever the file's length.
     */
    static final int CHUNK_ROWS = 4096;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model (.safetensors, .json or .onnx).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "mnist (its test set), a synthetic set's name, or a CSV file with the model's columns.")
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "The label column (default: the model's label, else the last column).")
    String label;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "1000", description = "Examples of a synthetic set (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--noise", paramLabel = "PERCENT", defaultValue = "0", description = "Noise of a synthetic set (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7",
            description = "Seed of a synthetic set (default: ${DEFAULT-VALUE}, unlike train's 42, so the examples are new).")
    long seed;

    @Override
    protected int run() throws Exception {
        Model m = ModelInput.load(model);
        ModelInfo info = m.info();
        boolean classification = info.isClassification();
        boolean synthetic = DataSets.isSynthetic(data);
        String labelName = label != null ? label : DataSets.isBuiltIn(data) ? null : info.labelName();
        List<String> features = info.featureNames().isEmpty() || !info.featureCrosses().isEmpty() ? null : info.featureNames();
        Evaluation.Running running = new Evaluation.Running(m.network(), info.targetScaler(), Evaluation.lossOf(m.network(), info),
                classification, ModelInput.classNames(m));
        DataSets.Loaded loaded = DataSets.stream(data, new DataSets.Request(labelName, CsvTable.LabelMode.REQUIRED, features,
                info.task(), classification ? ModelInput.classNames(m) : null, samples, noise, seed,
                synthetic ? info.featureCrosses() : List.of(), true), CHUNK_ROWS, err(), (chunk, first) -> {
                    Dataset d = ModelInput.prepare(chunk, m, synthetic);
                    if (d.outputs() != m.network().outputs()) {
                        throw new CliException("the model gives " + m.network().outputs() + " outputs but " + data + " has "
                                + d.outputs() + " target values per example");
                    }
                    running.add(d, r -> String.format(Locale.ROOT, "example %,d", first + r + 1));
                });
        if (!loaded.task().equals(info.task())) {
            throw new CliException("the model does " + info.task() + " but " + data + " is a " + loaded.task() + " data set");
        }
        Evaluation e = running.result();
        PrintWriter out = out();
        if (json) {
            ObjectNode o = e.toJson();
            o.put("model", model.toString());
            o.put("data", loaded.description());
            out.println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        out.println("model: " + model + " (" + info.task() + ")");
        out.println("data: " + loaded.description());
        out.printf(Locale.ROOT, "loss: %s (%s)%n", Figures.loss(e.loss()), e.lossName());
        if (classification) {
            long correct = Math.round(e.accuracy() * e.samples());
            out.printf(Locale.ROOT, "accuracy: %.2f%% (%,d of %,d)%n", 100 * e.accuracy(), correct, e.samples());
            out.println("confusion matrix (rows: true class, columns: predicted class):");
            out.print(e.confusion().format(e.classNames()));
        } else {
            out.printf(Locale.ROOT, "mse: %s%nmae: %s%nr2: %.6f%n", Figures.loss(e.regression().mse()),
                    Figures.loss(e.regression().mae()), e.regression().r2());
        }
        return 0;
    }
}
