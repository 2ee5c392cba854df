package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    /** The main job is {@code myelin train --data mnist}: no flag is needed, the model goes to ./mnist.safetensors. */
    @Test
    void withoutFlagsMnistGetsTheMainJobDefaultsAndSavesInTheCurrentFolder() {
        TrainCommand cmd = new TrainCommand();
        new picocli.CommandLine(cmd).parseArgs("--data", "mnist");
        dev.myelin.cli.train.TrainSettings s = cmd.settings().validate();
        assertThat(s.save()).isEqualTo(Path.of("mnist.safetensors").toAbsolutePath().toString());
        assertThat(s.layers()).isEqualTo(dev.myelin.cli.train.TrainSettings.MNIST_LAYERS);
        assertThat(s.epochs()).isEqualTo(dev.myelin.cli.train.TrainSettings.MNIST_EPOCHS);
        assertThat(s.validationSplit()).isZero();
        assertThat(s.lrSchedule()).isEqualTo("cosine");

        TrainCommand csv = new TrainCommand();
        new picocli.CommandLine(csv).parseArgs("--data", dir.resolve("Iris.data.csv").toString(), "--early-stopping", "3");
        assertThat(csv.settings().save()).isEqualTo(Path.of("Iris.data.safetensors").toAbsolutePath().toString());
        assertThat(csv.settings().validationSplit()).isEqualTo(0.1);

        TrainCommand early = new TrainCommand();
        new picocli.CommandLine(early).parseArgs("--data", "MNIST", "--early-stopping", "2", "--save", "m.json");
        assertThat(early.settings().validationSplit()).as("early stopping needs a validation set").isEqualTo(0.1);
        assertThat(early.settings().save()).isEqualTo(Path.of("m.json").toAbsolutePath().toString());
        assertThat(dev.myelin.cli.train.TrainSettings.defaultSaveFile("MNIST")).isEqualTo(Path.of("mnist.safetensors"));
    }

    @Test
    void trainsASyntheticSetEvaluatesAndSummarizes() throws Exception {
        Path model = dir.resolve("gauss.safetensors");
        Cli.Result r = Cli.run("train", "--data", "gauss", "--samples", "400", "--layers", "8", "--epochs", "20",
                "--test-split", "0.25", "--save", model.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("split: 270 training, 30 validation, 100 test (seed 42)")
                .contains("network: 2 → dense 8 relu → dense 1 sigmoid (33 parameters, float32)")
                .contains("epoch 20/20  loss").contains("val_accuracy").contains("test: loss").contains("saved");
        Model m = ModelFile.load(model);
        assertThat(m.info().classNames()).containsExactly("0", "1");
        assertThat(m.info().featureNames()).containsExactly("x1", "x2");
        assertThat(m.info().provenance()).containsEntry("seed", "42").containsEntry("loss", "binary_cross_entropy")
                .containsKey("test_accuracy");
        // Two well-separated Gaussian blobs: the test accuracy must be high.
        assertThat(Double.parseDouble(m.info().provenance().get("test_accuracy"))).isGreaterThan(0.9);

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", "gauss", "--samples", "200", "--json");
        assertThat(e.code()).as(e.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertThat(j.get("samples").asInt()).isEqualTo(200);
        assertThat(j.get("accuracy").asDouble()).isBetween(0.9, 1.0);
        assertThat(j.get("loss").asDouble()).isPositive();
        assertThat(j.get("confusion").size()).isEqualTo(2);

        Cli.Result s = Cli.run("summary", "--model", model.toString());
        assertThat(s.code()).isZero();
        assertThat(s.out()).contains("dense (relu)").contains("(batch, 8)").contains("parameters: 33")
                .contains("classes:   2: 0, 1").contains("library").contains("myelin ");
    }

    @Test
    void regressionSetReportsMseMaeR2() throws Exception {
        Path model = dir.resolve("plane.safetensors");
        Cli.Result r = Cli.run("train", "--data", "plane", "--samples", "300", "--layers", "8", "--epochs", "30",
                "--lr", "0.01", "--save", model.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("regression").contains("dense 1 identity").contains("mse");
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", "plane", "--samples", "100", "--json");
        assertThat(e.code()).as(e.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertThat(j.has("mse") && j.has("mae") && j.has("r2")).isTrue();
        assertThat(j.has("accuracy")).isFalse();
        // plane's target is (x + y)/10, a linear function: a small network fits it well.
        assertThat(j.get("r2").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void reportWritesHistoryAndCharts() throws Exception {
        Path report = dir.resolve("report");
        Cli.Result r = Cli.run("train", "--data", "xor", "--samples", "200", "--layers", "8", "--epochs", "3",
                "--report", report.toString(), "--save", dir.resolve("xor.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(report.resolve("history.csv")).exists();
        assertThat(Files.readAllLines(report.resolve("history.csv")))
                .hasSize(4).first().asString().startsWith("epoch,loss,accuracy,val_loss,val_accuracy,lr");
        JsonNode h = new ObjectMapper().readTree(report.resolve("history.json").toFile());
        assertThat(h.get("epochs").size()).isEqualTo(3);
        for (String png : new String[] {"loss.png", "accuracy.png", "confusion.png"}) {
            byte[] b = Files.readAllBytes(report.resolve(png));
            assertThat(b.length).as(png).isGreaterThan(1000);
            assertThat(b[1]).isEqualTo((byte) 'P'); // \x89PNG
        }
    }

    @Test
    void networkFileReplacesLayers() throws Exception {
        Path net = dir.resolve("net.json");
        Files.writeString(net, """
                {"format": "myelin.network", "version": 1, "inputs": 2,
                 "layers": [{"type": "dense", "units": 4, "activation": "tanh"},
                            {"type": "dense", "units": 1, "activation": "sigmoid"}]}""");
        Cli.Result r = Cli.run("train", "--data", "circle", "--samples", "200", "--network", net.toString(), "--epochs", "2",
                "--save", dir.resolve("c.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("2 → dense 4 tanh → dense 1 sigmoid");
    }

    @Test
    void featureCrossesAreSavedAndReapplied() throws Exception {
        Path model = dir.resolve("circle.safetensors");
        Cli.Result r = Cli.run("train", "--data", "circle", "--samples", "300", "--features", "x1sq,x2sq", "--layers", "none",
                "--lr", "0.05", "--epochs", "40", "--save", model.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(ModelFile.load(model).info().featureCrosses()).containsExactly("x1sq", "x2sq");
        // x1² + x2² separates the circle linearly: a network without hidden layers classifies it.
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", "circle", "--json");
        assertThat(new ObjectMapper().readTree(e.out()).get("accuracy").asDouble()).as(e.toString()).isGreaterThan(0.9);
        Path csv = dir.resolve("points.csv");
        Files.writeString(csv, "x1,x2\n0.1,0.2\n4.5,0.3\n");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--input", csv.toString(), "--json");
        assertThat(p.code()).as(p.toString()).isZero();
        JsonNode preds = new ObjectMapper().readTree(p.out()).get("predictions");
        assertThat(preds.get(0).get("class").asText()).isEqualTo("1"); // inside the circle
        assertThat(preds.get(1).get("class").asText()).isEqualTo("0"); // outside
    }
}
