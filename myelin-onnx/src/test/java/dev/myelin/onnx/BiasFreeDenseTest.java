package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Model;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import org.junit.jupiter.api.Test;

/**
 * A dense layer without bias exports as a Gemm without C (ONNX allows it from opset 11), ONNX Runtime
 * computes what Myelin computes, and the importer reads it back as a layer without bias.
 */
class BiasFreeDenseTest {
    @Test
    void gemmWithoutCRunsInOnnxRuntimeAndReadsBackWithoutBias() throws Exception {
        Network net = Network.builder(3).denseWithoutBias(4, Activation.TANH).dense(2, Activation.SOFTMAX).seed(5).build();
        byte[] onnx = OnnxFile.toBytes(Model.of(net));
        ModelProto proto = ModelProto.parseFrom(onnx);
        var gemms = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Gemm")).map(NodeProto::getInputCount)
                .toList();
        assertThat(gemms).containsExactly(2, 3);

        float[][] x = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
        float[][] ort = OnnxRuntimeAgreementTest.run(onnx, x);
        for (int r = 0; r < x.length; r++) {
            double[] mine = net.predict(new double[] {x[r][0], x[r][1], x[r][2]});
            for (int j = 0; j < mine.length; j++) {
                assertThat((double) ort[r][j]).isCloseTo(mine[j], org.assertj.core.api.Assertions.within(1e-6));
            }
        }

        Network back = OnnxFile.fromBytes(onnx, java.nio.file.Path.of("m.onnx"), dev.myelin.tensor.Precision.FLOAT32, OnnxLimits.DEFAULT).network();
        Dense first = (Dense) back.layers().get(0), second = (Dense) back.layers().get(1);
        assertThat(first.hasBias()).isFalse();
        assertThat(second.hasBias()).isTrue();
        assertThat(first.weights().floats()).containsExactly(((Dense) net.layers().get(0)).weights().floats());
    }
}
