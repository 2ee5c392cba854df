package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.cli.base.Evaluation;
import dev.myelin.activations.Activation;
import dev.myelin.cli.base.Figures;
import dev.myelin.cli.train.ProgressPrinter;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.metrics.ConfusionMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What train and evaluate print: --quiet, --log-every, losses with significant digits, the confusion matrix's columns. */
class TrainOutputTest {
    @TempDir
    Path dir;

    private static List<String> epochLines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("epoch ")).toList();
    }

    @Test
    void logEveryPrintsEveryNthEpochAndTheLast() {
        Cli.Result r = Cli.run("train", "--data", "xor", "--samples", "60", "--layers", "4", "--epochs", "20", "--log-every", "7",
                "--save", dir.resolve("x.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(epochLines(r.out())).extracting(l -> l.substring(0, 11)).containsExactly("epoch  7/20", "epoch 14/20", "epoch 20/20");
        assertThat(r.out()).contains("data: xor").contains("saved");
    }

    @Test
    void quietPrintsTheLastEpochAndTheSummaryOnly() {
        Cli.Result r = Cli.run("train", "--data", "xor", "--samples", "60", "--layers", "4", "--epochs", "12", "--quiet",
                "--test-split", "0.2", "--save", dir.resolve("x.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("epoch 12/12  loss ");
        assertThat(lines.get(1)).startsWith("trained 12 epochs in ");
        assertThat(lines.get(2)).startsWith("test: loss ");
        assertThat(lines.get(3)).startsWith("saved ");
    }

    /** Early stopping ends the run before the last epoch: with --log-every its held-back line is still printed. */
    @Test
    void earlyStoppingPrintsTheLastEpochRun() {
        Cli.Result r = Cli.run("train", "--data", "circle", "--samples", "80", "--layers", "2", "--epochs", "400", "--lr", "0.5",
                "--optimizer", "sgd", "--early-stopping", "0", "--log-every", "1000", "--save", dir.resolve("c.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> epochs = epochLines(r.out());
        assertThat(r.out()).contains("stopped: early stopping");
        assertThat(epochs).hasSize(1);
        assertThat(epochs.get(0)).doesNotStartWith("epoch 400/400");
    }

    @Test
    void logEveryZeroIsAUsageError() {
        Cli.Result r = Cli.run("train", "--data", "xor", "--log-every", "0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--log-every takes a number of epochs of at least 1, got 0");
    }

    /** Four significant digits: a loss of 0.000012 is not 0.0000, and a large one keeps its integer digits. */
    @Test
    void lossesHaveFourSignificantDigits() {
        assertThat(Figures.loss(0.000012)).isEqualTo("1.200e-05");
        assertThat(Figures.loss(0.0712)).isEqualTo("0.07120");
        assertThat(Figures.loss(2913.64)).isEqualTo("2914");
        assertThat(Figures.loss(Double.NaN)).isEqualTo("NaN");
        assertThat(Figures.loss(0)).isEqualTo("0");
        assertThat(ProgressPrinter.summary(2, 10, Map.of("loss", 0.000012, "val_loss", 0.0000345), 0, 0))
                .isEqualTo("epoch  3/10  loss 1.200e-05  val_loss 3.450e-05");
    }

    /** A regression whose loss is about 1e-8 prints it with its digits in the test line and in evaluate. */
    @Test
    void aTinyRegressionLossKeepsItsDigits() throws Exception {
        assertThat(new Evaluation(10, "mse", 1.2e-5, null, new dev.myelin.metrics.RegressionMetrics(1.2e-5, 3e-3, 0.9), List.of())
                .line()).isEqualTo("loss 1.200e-05  mse 1.200e-05  mae 0.003000  r2 0.9000  (10 examples)");
        // y = 0.001·x + 0.0001 against the model ŷ = 0.001·x: every error is 1e-4, MSE 1e-8, MAE 1e-4
        Network net = Network.fromJson("""
                {"format": "myelin.network", "version": 1, "inputs": 1, "layers": [
                  {"type": "dense", "units": 1, "activation": "identity", "weights": [[0.001]], "bias": [0]}]}""",
                dev.myelin.tensor.Precision.FLOAT64);
        Path model = dir.resolve("tiny.safetensors");
        ModelFile.save(model, new Model(net, new ModelInfo(ModelInfo.REGRESSION, List.of("x"), "y", List.of(), null, List.of(),
                Map.of("loss", "mse"))));
        StringBuilder sb = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(0.001 * i + 0.0001).append('\n');
        }
        Path csv = dir.resolve("tiny.csv");
        Files.writeString(csv, sb.toString());
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString());
        assertThat(e.code()).as(e.toString()).isZero();
        assertThat(e.out()).contains("loss: 1.000e-08 (mse)", "mse: 1.000e-08", "mae: 0.0001000");
    }

    /** The header lines up with the columns whatever the class names' widths (1 and 12 characters here). */
    @Test
    void confusionMatrixColumnsLineUp() throws Exception {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 0}, 2);
        for (List<String> names : List.of(List.of("a", "b"), List.of("a", "twelve_chars"), List.of("twelve_chars", "b"))) {
            assertColumnsLineUp(cm.format(names));
        }
        assertThat(cm.format(List.of("a", "b")).split("\n")[0]).isEqualTo("true\\pred     a     b");
        // end to end: evaluate prints the same table
        Network net = Network.builder(2).dense(1, Activation.SIGMOID).seed(1).build();
        Path model = dir.resolve("m.safetensors");
        ModelFile.save(model, new Model(net, new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label",
                List.of("a", "twelve_chars"), null, List.of(), Map.of())));
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "x1,x2,label\n0,1,a\n1,0,twelve_chars\n1,1,a\n");
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        String table = r.out().substring(r.out().lastIndexOf('\n', r.out().indexOf("true\\pred")) + 1);
        assertColumnsLineUp(table);
        assertThat(table.split("\n")).hasSize(3);
    }

    /** Every line has the same length and its right-aligned cells end at the same positions. */
    private static void assertColumnsLineUp(String table) {
        String[] lines = table.split("\n");
        List<Integer> ends = null;
        for (String line : lines) {
            List<Integer> e = new ArrayList<>();
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) != ' ' && (i + 1 == line.length() || line.charAt(i + 1) == ' ')) {
                    e.add(i);
                }
            }
            if (ends == null) {
                ends = e;
            }
            assertThat(e).as("cell ends of %s in%n%s", line, table).isEqualTo(ends);
        }
    }
}
