package dev.myelin.layers;

import static dev.myelin.gradcheck.Golden.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.Network;
import dev.myelin.NetworkBuilder;
import dev.myelin.activations.Activation;
import dev.myelin.gradcheck.Golden;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random 3-layer networks (weights in {@code golden/network.json}), their full forward pass, loss, every
 * weight and bias gradient and ∂E/∂x, against PyTorch autograd in float64, to 1e-12 relative: tanh-relu
 * with fused softmax + cross-entropy, elu-tanh with fused sigmoid + binary cross-entropy, and
 * sigmoid-relu-identity with mean squared error.
 */
class NetworkGoldenTest {
    static final double REL = 1e-12;

    static Stream<JsonNode> networks() {
        List<JsonNode> out = new ArrayList<>();
        Golden.load("network.json").get("networks").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("networks")
    void forwardAndBackwardMatchPyTorch(JsonNode g) {
        NetworkBuilder b = Network.builder(g.get("inputs").asInt()).precision(Precision.FLOAT64);
        int layers = g.get("activations").size();
        for (int i = 0; i < layers; i++) {
            b.dense(Golden.rows(g.get("weights").get(i)), Golden.vector(g.get("biases").get(i)),
                    Activation.byName(g.get("activations").get(i).asText()));
        }
        Network net = b.build();
        Loss loss = Loss.byName(g.get("loss").asText());
        Matrix x = Golden.matrix(g.get("x"));
        double value = net.computeGradients(x, Golden.matrix(g.get("y")), loss, true, true);
        String name = g.get("name").asText();
        assertClose(name + " loss", value, g.get("value").doubleValue(), REL);
        for (int i = 0; i < layers; i++) {
            Dense d = (Dense) net.layers().get(i);
            assertClose(name + " layer " + i + " output", d.lastOutput(), g.get("layer_outputs").get(i), REL);
            assertClose(name + " ∂E/∂W" + i, d.weightParameter().grad(), g.get("weight_grads").get(i), REL);
            JsonNode bias = g.get("bias_grads").get(i);
            Matrix expectedBias = Matrix.row(Golden.vector(bias), Precision.FLOAT64);
            for (int j = 0; j < expectedBias.size(); j++) {
                Golden.assertClose(name + " ∂E/∂b" + i + "[" + j + "]", d.biasParameter().grad().get(j),
                        expectedBias.get(j), REL);
            }
        }
        assertClose(name + " ∂E/∂x", net.lastInputGradient(), g.get("input_grad"), REL);
    }
}
