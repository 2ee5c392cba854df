package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train, evaluate and predict on small CSV files: text labels, numeric labels, regression. */
class CsvCommandsTest {
    @TempDir
    Path dir;
    Path train;
    Path test;

    /** Three well-separated blobs with text labels, in a column that is not the last. */
    @BeforeEach
    void writeData() throws Exception {
        train = dir.resolve("blobs.csv");
        test = dir.resolve("blobs-test.csv");
        Files.writeString(train, blobs(150, 1));
        Files.writeString(test, blobs(60, 2));
    }

    private static String blobs(int n, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        String[] names = {"setosa", "versicolor", "virginica"};
        double[][] centres = {{0, 0}, {5, 5}, {0, 10}};
        StringBuilder sb = new StringBuilder("width,species,height\n");
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            sb.append(String.format(Locale.ROOT, "%.3f,%s,%.3f%n", 100 + centres[c][0] + rnd.nextGaussian(), names[c],
                    centres[c][1] + rnd.nextGaussian()));
        }
        return sb.toString();
    }

    @Test
    void textLabelsBecomeSortedClassesAndTheScalerIsSaved() throws Exception {
        Path model = dir.resolve("blobs.safetensors");
        Cli.Result r = Cli.run("train", "--data", train.toString(), "--label", "species", "--test", test.toString(),
                "--layers", "8", "--epochs", "60", "--lr", "0.01", "--save", model.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("classification (3 classes)").contains("dense 3 softmax").contains("categorical_cross_entropy")
                .contains("standard scaling fitted on the training part").contains("task: classification (inferred");
        Model m = ModelFile.load(model);
        assertThat(m.info().classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(m.info().featureNames()).containsExactly("width", "height");
        assertThat(m.info().labelName()).isEqualTo("species");
        assertThat(m.info().scaler().kind()).isEqualTo(Scaler.Kind.STANDARD);
        assertThat(Double.parseDouble(m.info().provenance().get("test_accuracy"))).isGreaterThan(0.95);

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", test.toString());
        assertThat(e.code()).as(e.toString()).isZero();
        assertThat(e.out()).contains("accuracy: ").contains("confusion matrix").contains("versicolor");

        // Columns in another order, no label: predict picks the model's features by name.
        Path input = dir.resolve("new.csv");
        Files.writeString(input, "height,width\n0.1,100.2\n9.8,100.1\n5.2,105.1\n");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--input", input.toString(), "--json");
        assertThat(p.code()).as(p.toString()).isZero();
        JsonNode preds = new ObjectMapper().readTree(p.out()).get("predictions");
        assertThat(preds).hasSize(3);
        assertThat(preds.get(0).get("class").asText()).isEqualTo("setosa");
        assertThat(preds.get(1).get("class").asText()).isEqualTo("virginica");
        assertThat(preds.get(2).get("class").asText()).isEqualTo("versicolor");
        double sum = 0;
        for (JsonNode v : preds.get(0).get("probabilities")) {
            sum += v.asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));

        Cli.Result text = Cli.run("predict", "--model", model.toString(), "--input", input.toString());
        assertThat(text.out()).startsWith("row 1: setosa  (p ");
    }

    @Test
    void fewWholeNumberLabelsAreClassesAndFractionsAreRegression() throws Exception {
        Path binary = dir.resolve("binary.csv");
        StringBuilder sb = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i % 7).append(',').append(i % 5).append(',').append(i % 7 > 3 ? 1 : 0).append('\n');
        }
        Files.writeString(binary, sb.toString());
        Cli.Result r = Cli.run("train", "--data", binary.toString(), "--epochs", "2", "--save", dir.resolve("b.safetensors").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("classification (2 classes)").contains("dense 1 sigmoid").contains("binary_cross_entropy");

        Path energy = dir.resolve("energy.csv");
        Files.writeString(energy, "temperature,people,energy\n10,50,2700\n5,30,3100.5\n20,70,2400\n-5,20,4000\n30,80,2200\n"
                + "15,40,2650\n25,60,2350\n0,10,3700\n");
        Cli.Result g = Cli.run("train", "--data", energy.toString(), "--scale", "minmax", "--epochs", "2",
                "--validation-split", "0", "--save", dir.resolve("e.safetensors").toString());
        assertThat(g.code()).as(g.toString()).isZero();
        assertThat(g.out()).contains("regression").contains("dense 1 identity").contains("mse").contains("minmax scaling");
        Cli.Result p = Cli.run("predict", "--model", dir.resolve("e.safetensors").toString(), "--input", energy.toString(), "--json");
        assertThat(new ObjectMapper().readTree(p.out()).get("predictions").get(0).has("value")).as(p.toString()).isTrue();
    }
}
