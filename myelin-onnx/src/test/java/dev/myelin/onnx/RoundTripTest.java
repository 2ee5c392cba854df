package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** save then load is the identity on float32 models: layers, activations, weights, scaler and model info. */
class RoundTripTest {
    @TempDir
    Path dir;

    static List<Activation> activations() {
        return List.of(Activation.IDENTITY, Activation.STEP, Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.LEAKY_RELU, Activation.leakyRelu(0.3), Activation.elu(0.7), Activation.GELU, Activation.SOFTPLUS, Activation.SOFTMAX);
    }

    @ParameterizedTest
    @MethodSource("activations")
    void everyActivationRoundTrips(Activation a) throws IOException {
        Network net = Network.builder(3).dense(4, a).dropout(0.5).dense(2, Activation.SOFTMAX).seed(9).build();
        Scaler scaler = Scaler.fit(Scaler.Kind.MINMAX, Matrix.of(new double[][] {{0, 1, 2}, {10, -1, 2.5}}, Precision.FLOAT64));
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("library", "myelin 0.1.0");
        provenance.put("seed", "9");
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("a", "b", "c"), "label", List.of("no", "yes"), scaler,
                List.of(), provenance);
        Path file = dir.resolve("m.onnx");
        OnnxFile.save(new Model(net, info), file);
        Model back = OnnxFile.load(file);

        assertThat(back.info()).isEqualTo(info);
        List<Layer> dense = net.layers().stream().filter(l -> l instanceof Dense).toList();
        assertThat(back.network().layers()).hasSize(dense.size());
        for (int i = 0; i < dense.size(); i++) {
            Dense want = (Dense) dense.get(i), got = (Dense) back.network().layers().get(i);
            assertThat(got.activation()).isEqualTo(want.activation());
            assertThat(got.weights().floats()).containsExactly(want.weights().floats());
            assertThat(got.bias().floats()).containsExactly(want.bias().floats());
        }
    }

    @Test
    void featureCrossesRoundTrip() throws IOException {
        for (List<String> crosses : List.of(List.of("x1", "x2"), List.of("x1sq", "x1x2", "sinx2"),
                List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"))) {
            Network net = Network.builder(crosses.size()).dense(3, Activation.RELU).dense(2, Activation.SOFTMAX).build();
            ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), null, List.of("a", "b"), null, crosses,
                    Map.of());
            Path file = dir.resolve("c.onnx");
            OnnxFile.save(new Model(net, info), file);
            Model back = OnnxFile.load(file);
            assertThat(back.info()).isEqualTo(info);
            assertThat(back.network().inputs()).isEqualTo(crosses.size());
        }
    }

    @Test
    void opsetIs13WithoutGeluAnd20WithIt() throws IOException {
        ModelProto plain = ModelProto.parseFrom(OnnxFile.toBytes(Model.of(
                Network.builder(2).dense(3, Activation.RELU).dense(1, Activation.SIGMOID).build())));
        ModelProto gelu = ModelProto.parseFrom(OnnxFile.toBytes(Model.of(
                Network.builder(2).dense(3, Activation.GELU).dense(1, Activation.SIGMOID).build())));
        assertThat(plain.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(gelu.getOpsetImport(0).getVersion()).isEqualTo(20);
        assertThat(plain.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList())
                .containsExactly("Gemm", "Relu", "Gemm", "Sigmoid");
        assertThat(plain.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam()).isEqualTo("batch");
        assertThat(plain.getGraph().getOutput(0).getName()).isEqualTo("output");
    }

    @Test
    void metadataCarriesClassNamesAndProvenance() throws IOException {
        Network net = Network.builder(2).dense(3, Activation.SOFTMAX).build();
        ModelInfo info = new ModelInfo(ModelInfo.CLASSIFICATION, List.of("x1", "x2"), "y", List.of("a", "b", "c"), null,
                List.of(), Map.of("seed", "42"));
        ModelProto p = ModelProto.parseFrom(OnnxFile.toBytes(new Model(net, info)));
        Map<String, String> meta = new LinkedHashMap<>();
        p.getMetadataPropsList().forEach(e -> meta.put(e.getKey(), e.getValue()));
        assertThat(meta).containsEntry("task", "classification").containsEntry("class_names", "[\"a\",\"b\",\"c\"]")
                .containsEntry("feature_names", "[\"x1\",\"x2\"]").containsEntry("provenance.seed", "42")
                .containsKey(OnnxFile.INFO_KEY);
        assertThat(p.getProducerName()).isEqualTo("myelin");
    }

    @Test
    void float64LoadComputesInFloat64() throws IOException {
        Path file = dir.resolve("m.onnx");
        OnnxFile.save(Network.builder(2).dense(2, Activation.TANH).build(), file);
        assertThat(OnnxFile.load(file, Precision.FLOAT64, OnnxLimits.DEFAULT).network().precision()).isEqualTo(Precision.FLOAT64);
    }
}
