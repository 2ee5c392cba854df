package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.layers.Dense;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyTorch-exported MLPs (made by {@code scripts/make_torch_fixtures.py} with Debian's python3-torch;
 * the .onnx files and PyTorch's outputs are committed beside it) import and agree with PyTorch to
 * 1e-5 on the same inputs.
 */
class TorchFixturesTest {
    static final Path DIR = Path.of("src/test/resources/dev/myelin/onnx/torch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static double worst;

    @ParameterizedTest
    @ValueSource(strings = {"relu_softmax", "tanh_sigmoid", "leaky_elu_softplus", "gelu_decomposed", "dropout_flatten",
            "matmul_add", "initializers_as_inputs", "mnist_mlp"})
    void importedModelAgreesWithPyTorch(String name) throws IOException {
        Model model = OnnxFile.load(DIR.resolve(name + ".onnx"));
        JsonNode expected = JSON.readTree(Files.readString(DIR.resolve(name + ".json")));
        double[][] x = matrix(expected.get("input"));
        double[][] y = matrix(expected.get("output"));
        for (Precision p : Precision.values()) {
            Model m = p == Precision.FLOAT32 ? model : OnnxFile.load(DIR.resolve(name + ".onnx"), p, OnnxLimits.DEFAULT);
            double[][] out = m.network().predict(x);
            double diff = 0;
            for (int i = 0; i < y.length; i++) {
                assertThat(out[i]).hasSize(y[i].length);
                for (int j = 0; j < y[i].length; j++) {
                    diff = Math.max(diff, Math.abs(out[i][j] - y[i][j]));
                }
            }
            worst = Math.max(worst, diff);
            assertThat(diff).as(name + " " + p + ": max |Myelin − PyTorch|").isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void layersAndActivationsAreReadAsPyTorchWroteThem() throws IOException {
        var layers = OnnxFile.load(DIR.resolve("leaky_elu_softplus.onnx")).network().layers();
        assertThat(layers).hasSize(4);
        assertThat(layers.stream().map(l -> ((Dense) l).activation().toString()).toList()).hasSize(4);
        assertThat(((Dense) layers.get(0)).activation()).isEqualTo(dev.myelin.activations.Activation.leakyRelu(0.2));
        assertThat(((Dense) layers.get(1)).activation()).isEqualTo(dev.myelin.activations.Activation.elu(0.7));
        assertThat(((Dense) layers.get(2)).activation().name()).isEqualTo("softplus");
        assertThat(((Dense) layers.get(3)).activation().name()).isEqualTo("identity");
        assertThat(((Dense) OnnxFile.load(DIR.resolve("gelu_decomposed.onnx")).network().layers().get(0)).activation().name())
                .isEqualTo("gelu");
        Model mnist = OnnxFile.load(DIR.resolve("mnist_mlp.onnx"));
        assertThat(mnist.network().inputs()).isEqualTo(784);
        assertThat(mnist.info().task()).isEqualTo("classification");
        assertThat(mnist.info().provenance()).containsEntry("source", "onnx").containsKey("producer");
    }

    @Test
    void anUnsupportedOperatorIsOneSentenceNamingTheNode() {
        assertThatThrownBy(() -> OnnxFile.load(DIR.resolve("unsupported_abs.onnx")))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("unsupported_abs.onnx: node \"/Abs\" (Abs) is not supported: the importer reads")
                .hasMessageContaining("Gemm").hasMessageContaining("Softmax").hasMessageNotContaining("\n");
    }

    static double[][] matrix(JsonNode a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[a.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = a.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    @AfterAll
    static void report() {
        System.out.println("[onnx] PyTorch fixtures vs Myelin: max abs diff " + worst);
    }
}
