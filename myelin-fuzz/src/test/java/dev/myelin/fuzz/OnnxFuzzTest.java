package dev.myelin.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.io.ModelInfo;
import dev.myelin.onnx.OnnxFile;
import dev.myelin.onnx.OnnxLimits;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the ONNX importer ({@link OnnxFile#fromBytes}): protobuf parsing, the graph's checks,
 * constant tensors (shape against carried bytes), and every node importer. Any bytes give a model
 * or a {@link ModelFormatException} naming the file, within {@link #LIMITS}. Seeds: Myelin's own
 * exports (scaler, GELU at opset 20, the step activation) and two PyTorch exports (Gemm with
 * transB, GELU decomposed; MatMul + Add with a Transpose).
 */
public class OnnxFuzzTest {
    static final OnnxLimits LIMITS = new OnnxLimits(1 << 20, 1_000, 1_000, 1 << 18, 1 << 18);
    private static final Path NAME = Path.of("fuzz.onnx");
    private static final Path TORCH = Path.of("../myelin-onnx/src/test/resources/dev/myelin/onnx/torch");

    public static void fuzzerTestOneInput(byte[] data) {
        Outcome.expect(() -> OnnxFile.fromBytes(data, NAME, Precision.FLOAT32, LIMITS), ModelFormatException.class);
    }

    @FuzzTest
    void onnx(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** The seed files of {@code OnnxFuzzTestInputs/onnx}, by name (registered in {@link SeedCorpus#all}). */
    static Map<String, byte[]> seeds() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Network classifier = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build();
        Scaler scaler = Scaler.fit(Scaler.Kind.STANDARD, Matrix.of(new double[][] {{0, 1}, {2, 5}, {4, 0}}, Precision.FLOAT64));
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "label", List.of("no", "yes"), scaler,
                List.of(), Map.of("seed", "1"));
        seeds.put("classifier.onnx", OnnxFile.toBytes(new Model(classifier, info)));
        seeds.put("gelu-softmax.onnx", OnnxFile.toBytes(Model.of(Network.builder(3).dense(4, Activation.GELU).dropout(0.25)
                .dense(2, Activation.SOFTMAX).seed(2).build())));
        seeds.put("step-regression.onnx", OnnxFile.toBytes(Model.of(Network.builder(1).dense(2, Activation.STEP)
                .dense(2, Activation.leakyRelu(0.1)).dense(1, Activation.elu(0.5)).seed(3).build())));
        try {
            seeds.put("torch-gelu.onnx", Files.readAllBytes(TORCH.resolve("gelu_decomposed.onnx")));
            seeds.put("torch-matmul.onnx", Files.readAllBytes(TORCH.resolve("matmul_add.onnx")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return seeds;
    }

    @Test
    void seedsLoad() {
        for (Map.Entry<String, byte[]> seed : seeds().entrySet()) {
            assertThat(OnnxFile.fromBytes(seed.getValue(), NAME, Precision.FLOAT32, LIMITS).network().layers())
                    .as(seed.getKey()).isNotEmpty();
        }
    }
}
