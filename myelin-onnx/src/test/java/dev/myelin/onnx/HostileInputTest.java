package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.onnx.proto.OnnxProtos.AttributeProto;
import dev.myelin.onnx.proto.OnnxProtos.GraphProto;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import dev.myelin.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.myelin.tensor.Precision;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading ONNX is reading untrusted input: each hostile case of docs/ERRORS.md gives a
 * {@link ModelFormatException} of one sentence naming the file and the problem, before anything
 * large is allocated.
 */
class HostileInputTest {
    private static final Path FILE = Path.of("hostile.onnx");

    private static ModelProto valid() throws Exception {
        Network net = Network.builder(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).seed(1).build();
        return ModelProto.parseFrom(OnnxFile.toBytes(Model.of(net)));
    }

    private static ModelProto edit(Consumer<ModelProto.Builder> change) throws Exception {
        ModelProto.Builder b = valid().toBuilder();
        change.accept(b);
        return b.build();
    }

    private static void rejects(byte[] bytes, String... fragments) {
        rejects(bytes, OnnxLimits.DEFAULT, fragments);
    }

    private static void rejects(byte[] bytes, OnnxLimits limits, String... fragments) {
        var t = assertThatThrownBy(() -> OnnxFile.fromBytes(bytes, FILE, Precision.FLOAT32, limits))
                .isInstanceOf(ModelFormatException.class).hasMessageStartingWith("hostile.onnx: ")
                .hasMessageNotContaining("\n");
        for (String f : fragments) {
            t.hasMessageContaining(f);
        }
    }

    @Test
    void bytesThatAreNotProtobuf() {
        rejects("\u00ff\u00ff\u00ff\u00ff not onnx".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "not a valid ONNX (protobuf) model");
    }

    @Test
    void emptyFileHasNoGraph() {
        rejects(new byte[0], "holds no ONNX graph");
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] all = valid().toByteArray();
        rejects(Arrays.copyOf(all, all.length / 2), "not a valid ONNX (protobuf) model");
    }

    @Test
    void fileLargerThanTheLimit() throws Exception {
        rejects(valid().toByteArray(), new OnnxLimits(100, 10, 10, 100, 100), "larger than the limit of 100 bytes");
    }

    @Test
    void tensorDeclaringMoreElementsThanItCarries() throws Exception {
        ModelProto m = edit(b -> b.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(100_000).addDims(100_000));
        rejects(m.toByteArray(), "initializer \"layers.0.weight\" declares 10000000000 elements, more than the limit");
        ModelProto small = edit(b -> b.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(3).addDims(400));
        rejects(small.toByteArray(), "declares shape [3, 400] (1200 elements) but carries 48 bytes");
    }

    @Test
    void dimsWhoseProductOverflows() throws Exception {
        ModelProto m = edit(b -> b.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(1L << 40).addDims(1L << 40));
        rejects(m.toByteArray(), "more than the limit");
    }

    @Test
    void negativeDimension() throws Exception {
        rejects(edit(b -> b.getGraphBuilder().getInitializerBuilder(0).setDims(0, -3)).toByteArray(), "negative dimension -3");
    }

    @Test
    void externalData() throws Exception {
        ModelProto m = edit(b -> b.getGraphBuilder().getInitializerBuilder(0).clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("/etc/passwd")));
        rejects(m.toByteArray(), "keeps its data in an external file");
    }

    @Test
    void nonFiniteWeight() throws Exception {
        byte[] nan = new byte[4 * 12];
        java.nio.ByteBuffer.wrap(nan).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0, Float.NaN);
        rejects(edit(b -> b.getGraphBuilder().getInitializerBuilder(0).setRawData(ByteString.copyFrom(nan))).toByteArray(),
                "holds NaN at element 0");
    }

    @Test
    void stringTensor() throws Exception {
        rejects(edit(b -> b.getGraphBuilder().getInitializerBuilder(0).setDataType(TensorProto.DataType.STRING_VALUE))
                .toByteArray(), "element type string");
    }

    @Test
    void tooManyNodes() throws Exception {
        rejects(valid().toByteArray(), new OnnxLimits(1 << 20, 2, 10, 1000, 1000), "4 nodes, more than the limit of 2");
    }

    @Test
    void operatorFromAnotherDomain() throws Exception {
        rejects(edit(b -> b.getGraphBuilder().getNodeBuilder(1).setDomain("com.evil")).toByteArray(),
                "operator domain \"com.evil\"");
    }

    @Test
    void unsupportedOperatorNamesNodeOpAndSupportedList() throws Exception {
        rejects(edit(b -> b.getGraphBuilder().getNodeBuilder(1).setOpType("Conv")).toByteArray(),
                "node \"layers.0.a\" (Conv) is not supported: the importer reads multilayer perceptrons made of", "Gelu, Gemm");
    }

    @Test
    void branchingGraph() throws Exception {
        ModelProto m = edit(b -> b.getGraphBuilder().getNodeBuilder(2).setInput(0, GraphWriter.INPUT));
        rejects(m.toByteArray(), "reads \"input\", which is neither the value computed so far");
    }

    @Test
    void unknownOpset() throws Exception {
        rejects(edit(b -> b.getOpsetImportBuilder(0).setVersion(99)).toByteArray(), "opset 99");
    }

    @Test
    void imageInput() throws Exception {
        ModelProto m = edit(b -> b.getGraphBuilder().getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(28)));
        rejects(m.toByteArray(), "has 3 dimensions; a multilayer perceptron takes batch × features");
    }

    @Test
    void layersWhoseWidthsDisagree() throws Exception {
        ModelProto m = edit(b -> {
            GraphProto.Builder g = b.getGraphBuilder();
            TensorProto.Builder w = g.getInitializerBuilder(2); // layers.1.weight [4, 2] → [2, 4]
            w.clearDims().addDims(2).addDims(4);
            g.getInitializerBuilder(3).setDims(0, 4).setRawData(ByteString.copyFrom(new byte[16]));
        });
        rejects(m.toByteArray(), "takes 2 inputs but the layer before gives 4");
    }

    @Test
    void valueWrittenTwice() throws Exception {
        rejects(edit(b -> b.getGraphBuilder().getNodeBuilder(1).setOutput(0, "layers.0.z")).toByteArray(),
                "writes \"layers.0.z\", which already has a value");
    }

    @Test
    void deeplyNestedSubgraphs() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < 200; i++) {
            NodeProto n = NodeProto.newBuilder().setOpType("If").addAttribute(AttributeProto.newBuilder().setName("then_branch")
                    .setType(AttributeProto.AttributeType.GRAPH).setG(g)).build();
            g = GraphProto.newBuilder().setName("g" + i).addNode(n).build();
        }
        ModelProto m = ModelProto.newBuilder().setGraph(g).build();
        rejects(m.toByteArray(), "not a valid ONNX (protobuf) model");
    }

    @Test
    void hugeNameIsClippedInTheMessage() throws Exception {
        String name = "x".repeat(100_000);
        ModelProto m = edit(b -> b.getGraphBuilder().getNodeBuilder(1).setOpType("Abs").setName(name));
        var t = assertThatThrownBy(() -> OnnxFile.fromBytes(m.toByteArray(), FILE, Precision.FLOAT32, OnnxLimits.DEFAULT));
        t.isInstanceOf(ModelFormatException.class).satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage().length())
                .isLessThan(1000));
    }
}
