package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import dev.myelin.onnx.OnnxFile;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code myelin convert} between .safetensors, .onnx and .json, and .onnx models in predict and evaluate. */
class ConvertCommandTest {
    @TempDir
    Path dir;
    Path safetensors;
    Model model;

    @BeforeEach
    void saveModel() throws Exception {
        Network net = Network.builder(2).dense(5, Activation.TANH).dense(3, Activation.SOFTMAX).seed(4).build();
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{0, 10}, {2, 30}, {4, 20}}, Precision.FLOAT64));
        model = new Model(net, new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label", List.of("a", "b", "c"), scaler,
                List.of(), Map.of("seed", "4")));
        safetensors = dir.resolve("m.safetensors");
        ModelFile.save(safetensors, model);
    }

    @Test
    void safetensorsToOnnxAndBackKeepsTheModel() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        Cli.Result r = Cli.run("convert", safetensors.toString(), onnx.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("to " + onnx + " (onnx");
        Model viaOnnx = OnnxFile.load(onnx);
        assertThat(viaOnnx.info()).isEqualTo(model.info());

        Path back = dir.resolve("back.safetensors");
        assertThat(Cli.run("convert", onnx.toString(), back.toString()).code()).isZero();
        Model again = ModelFile.load(back);
        assertThat(again.info()).isEqualTo(model.info());
        double[][] x = {{1, 15}, {3, 25}};
        assertThat(again.network().predict(x)).isDeepEqualTo(model.network().predict(x));
    }

    @Test
    void predictAndEvaluateAcceptOnnx() throws Exception {
        Path onnx = dir.resolve("m.onnx");
        OnnxFile.save(model, onnx);
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "x1,x2,label\n1,15,a\n3,25,b\n0,12,c\n");
        Cli.Result a = Cli.run("predict", "--model", onnx.toString(), "--input", csv.toString());
        Cli.Result b = Cli.run("predict", "--model", safetensors.toString(), "--input", csv.toString());
        assertThat(a.code()).as(a.toString()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        Cli.Result e = Cli.run("evaluate", "--model", onnx.toString(), "--data", csv.toString());
        assertThat(e.code()).as(e.toString()).isZero();
        assertThat(e.out()).isEqualTo(Cli.run("evaluate", "--model", safetensors.toString(), "--data", csv.toString()).out()
                .replace("m.safetensors", "m.onnx"));
    }

    @Test
    void toJsonKeepsTheScalerAndClassNames() throws IOException {
        Path json = dir.resolve("m.json");
        Cli.Result r = Cli.run("convert", safetensors.toString(), json.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("note:");
        assertThat(Files.readString(json)).contains("\"model_info\"");
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "x1,x2,label\n1,15,a\n3,25,b\n0,12,c\n");
        Cli.Result a = Cli.run("predict", "--model", json.toString(), "--input", csv.toString());
        assertThat(a.code()).as(a.toString()).isZero();
        assertThat(a.out()).isEqualTo(Cli.run("predict", "--model", safetensors.toString(), "--input", csv.toString()).out());
    }

    @Test
    void unknownExtensionIsAUsageError() {
        Cli.Result r = Cli.run("convert", safetensors.toString(), dir.resolve("m.txt").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: OUT " + dir.resolve("m.txt") + " has no known model extension: use .safetensors, "
                + ".onnx or .json\n");
    }

    @Test
    void aDamagedOnnxFileIsOneSentence() throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.write(bad, new byte[] {(byte) 0xff, 1, 2, 3});
        Cli.Result r = Cli.run("convert", bad.toString(), dir.resolve("out.safetensors").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: bad.onnx: the file is not a valid ONNX (protobuf) model").hasLineCount(1);
    }
}
