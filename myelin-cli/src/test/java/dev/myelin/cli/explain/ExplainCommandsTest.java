package dev.myelin.cli.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.cli.Main;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands end to end through the real command line, output captured. */
class ExplainCommandsTest {
    static final String NOTES = """
            {"format": "myelin.network", "version": 1, "inputs": 2, "layers": [
              {"type": "dense", "units": 3, "activation": "sigmoid",
               "weights": [[0.2, 0.6, 0.1], [0.8, 0.3, 0.7]], "bias": [0.1, 0.1, 0.1]},
              {"type": "dense", "units": 1, "activation": "sigmoid",
               "weights": [[0.4], [0.5], [0.9]], "bias": [0.2]}]}""";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Path notes() throws Exception {
        Path p = dir.resolve("notes.json");
        Files.writeString(p, NOTES);
        return p;
    }

    @Test
    void explainPrintsTheNotesWorkedExample() throws Exception {
        Run r = run("explain", "--network", notes().toString(), "--input", "2,9", "--target", "1", "--loss", "half_sse", "--lr", "0.1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("z₁⁽¹⁾ = 0.2·2 + 0.8·9 + 0.1 = 7.7", "a₁⁽¹⁾ = σ(7.7) = 0.99954737778",
                "∂E/∂out = -(target − out)", "w₁,₁⁽²⁾ ← 0.4 − 0.1·(-0.012725108659) = 0.40127251087   (w7)");
    }

    @Test
    void explainJsonAndSave() throws Exception {
        Path saved = dir.resolve("after.json");
        Run r = run("explain", "--network", notes().toString(), "--input", "2,9;5,3", "--target", "1;0", "--steps", "3",
                "--optimizer", "momentum", "--format", "json", "--save", saved.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("steps")).hasSize(3);
        assertThat(j.get("steps").get(0).get("outputs")).hasSize(2);
        assertThat(j.get("steps").get(2).get("loss").asDouble()).isLessThan(j.get("steps").get(0).get("loss").asDouble());
        assertThat(new ObjectMapper().readTree(Files.readString(saved))).isEqualTo(j.get("network"));
    }

    @Test
    void explainRejectsBadInputsWithOneSentence() throws Exception {
        Run r = run("explain", "--network", notes().toString(), "--input", "2,9,4", "--target", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--input: example 1 has 3 values, the network needs 2");
        Run bad = run("explain", "--network", notes().toString(), "--input", "2,9", "--target", "1", "--optimizer", "lbfgs");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--optimizer must be one of sgd, momentum, adam");
    }

    @Test
    void gradcheckPasses() throws Exception {
        Run r = run("gradcheck", "--network", notes().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("dense (sigmoid)", "the gradients agree");
    }

    @Test
    void perceptronDemo() {
        Run r = run("demo", "perceptron");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("AND: converged", "OR: converged", "XOR: did NOT converge", "threshold 5:", "threshold 3:");
        // cheese festival, threshold 3: friend + commute (2 + 2 = 4 > 3) is a yes
        assertThat(r.out()).contains("    0  1  1 |    4 | yes");
    }

    @Test
    void vanishingDemo() {
        Run r = run("demo", "vanishing", "--layers", "4", "--width", "16", "--epochs", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sigmoid ‖∂E/∂W‖", "5 (out)");
    }

    @Test
    void visualizeWritesPictures() throws Exception {
        Network net = Network.builder(784).dense(6, Activation.RELU).dense(10, Activation.SOFTMAX).seed(3).build();
        Path model = dir.resolve("m.safetensors");
        ModelFile.save(model, Model.of(net));
        Path out = dir.resolve("pics");
        Run r = run("visualize", "--model", model.toString(), "--layer", "0", "--units", "0-5", "--steps", "30", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage w = ImageIO.read(out.resolve("weights.png").toFile());
        assertThat(w.getWidth()).isEqualTo(6 * (28 * 4 + 2) + 2);
        assertThat(ImageIO.read(out.resolve("maximize.png").toFile()).getHeight()).isEqualTo(28 * 4 + 4);
        Run bad = run("visualize", "--model", model.toString(), "--units", "0-9", "--out", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unit 6 does not exist");
    }
}
