package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train standardizes a regression target (mean and std of the training part), saves that target scaler,
 * and predict, evaluate and the exported formats answer in the target's units.
 */
class TargetScalingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static Cli.Result trained;

    /** y = 5000 + 800·a − 300·b + noise: a target far from 0 and wide, as house prices are. */
    @BeforeAll
    static void train() throws Exception {
        java.util.Random rnd = new java.util.Random(8);
        StringBuilder sb = new StringBuilder("a,b,price\n");
        for (int i = 0; i < 300; i++) {
            double a = rnd.nextGaussian(), b = rnd.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.2f%n", a, b, 5000 + 800 * a - 300 * b + 20 * rnd.nextGaussian()));
        }
        csv = dir.resolve("prices.csv");
        Files.writeString(csv, sb.toString());
        model = dir.resolve("prices.safetensors");
        trained = Cli.run("train", "--data", csv.toString(), "--layers", "8", "--epochs", "60", "--lr", "0.01", "--test-split", "0.2",
                "--save", model.toString());
    }

    @Test
    void theTargetScalerIsFittedOnTheTrainingPartAndSaved() throws Exception {
        assertThat(trained.code()).as(trained.toString()).isZero();
        assertThat(trained.out()).contains("target: price standardized (mean ");
        Model m = ModelFile.load(model);
        var t = m.info().targetScaler();
        assertThat(t).isNotNull();
        assertThat(t.kind().label()).isEqualTo("standard");
        assertThat(t.offset()[0]).isCloseTo(5000, within(150.0));
        assertThat(t.scale()[0]).isCloseTo(Math.sqrt(800 * 800 + 300 * 300), within(120.0));
        // the test line is in the target's units: an MSE of thousands, not of a standardized 0.0x
        double mse = Double.parseDouble(m.info().provenance().get("test_mse"));
        assertThat(mse).isGreaterThan(100);
        assertThat(Double.parseDouble(m.info().provenance().get("test_r2"))).isGreaterThan(0.95);
        assertThat(Cli.run("summary", "--model", model.toString()).out()).contains("target:    standard (mean ");
    }

    @Test
    void evaluateAndPredictAnswerInTheTargetsUnits() throws Exception {
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--json");
        assertThat(e.code()).as(e.toString()).isZero();
        JsonNode o = JSON.readTree(e.out());
        assertThat(o.get("r2").asDouble()).isGreaterThan(0.95);
        assertThat(o.get("mae").asDouble()).isBetween(5.0, 400.0);
        assertThat(o.get("loss").asDouble()).isCloseTo(o.get("mse").asDouble(), within(1e-6 * o.get("mse").asDouble()));
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "a,b\n1,-1\n0,0\n");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--input", one.toString(), "--json");
        assertThat(p.code()).as(p.toString()).isZero();
        JsonNode preds = JSON.readTree(p.out()).get("predictions");
        assertThat(preds.get(0).get("value").asDouble()).isCloseTo(6100, within(400.0));
        assertThat(preds.get(1).get("value").asDouble()).isCloseTo(5000, within(400.0));
    }

    /** An ONNX graph gets the target scaler folded into its last layer; a JSON network keeps it in "model_info": same predictions. */
    @Test
    void exportsFoldTheTargetScalerIntoTheLastLayer() throws Exception {
        Path one = dir.resolve("two.csv");
        Files.writeString(one, "a,b\n1,-1\n-0.5,2\n");
        JsonNode base = JSON.readTree(Cli.run("predict", "--model", model.toString(), "--input", one.toString(), "--json").out());
        Path onnx = dir.resolve("prices.onnx");
        Cli.Result c = Cli.run("convert", model.toString(), onnx.toString());
        assertThat(c.code()).as(c.toString()).isZero();
        assertThat(c.out()).contains("folded into the last layer");
        JsonNode fromOnnx = JSON.readTree(Cli.run("predict", "--model", onnx.toString(), "--input", one.toString(), "--json").out());
        for (int i = 0; i < 2; i++) {
            double v = base.get("predictions").get(i).get("value").asDouble();
            assertThat(fromOnnx.get("predictions").get(i).get("value").asDouble()).isCloseTo(v, within(1e-3 * Math.abs(v)));
        }
        assertThat(ModelFile.load(model).info().targetScaler()).isNotNull();
        assertThat(dev.myelin.onnx.OnnxFile.load(onnx).info().targetScaler()).isNull();
        // the JSON network format keeps the target scaler in its "model_info"
        Path json = dir.resolve("prices.json");
        assertThat(Cli.run("convert", model.toString(), json.toString()).code()).isZero();
        assertThat(ModelFile.load(json).info().targetScaler()).isEqualTo(ModelFile.load(model).info().targetScaler());
        JsonNode fromJson = JSON.readTree(Cli.run("predict", "--model", json.toString(), "--input", one.toString(), "--json").out());
        for (int i = 0; i < 2; i++) {
            double v = base.get("predictions").get(i).get("value").asDouble();
            assertThat(fromJson.get("predictions").get(i).get("value").asDouble()).isCloseTo(v, within(1e-3 * Math.abs(v)));
        }
    }

    /** --scale none scales neither the features nor the target. */
    @Test
    void scaleNoneLeavesTheTargetAlone() throws Exception {
        Path plain = dir.resolve("plain.safetensors");
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--layers", "4", "--epochs", "2", "--scale", "none",
                "--save", plain.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("standardized");
        assertThat(ModelFile.load(plain).info().targetScaler()).isNull();
    }
}
