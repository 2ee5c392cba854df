package dev.myelin.onnx;

import static dev.myelin.onnx.GraphWriter.floatAttribute;
import static dev.myelin.onnx.GraphWriter.intAttribute;
import static dev.myelin.onnx.GraphWriter.stringAttribute;

import dev.myelin.activations.Elu;
import dev.myelin.activations.LeakyRelu;
import java.util.List;
import java.util.Map;

/**
 * Each Myelin activation as ONNX operators (opset 13 unless noted):
 * <ul>
 *   <li>identity: no node; sigmoid, tanh, relu, softplus: the operator of that name;
 *   <li>leaky_relu: {@code LeakyRelu} with alpha; elu: {@code Elu} with alpha;
 *   <li>softmax: {@code Softmax}, axis −1 (over each row's units);
 *   <li>gelu: {@code Gelu}, approximate "none" (the exact z·Φ(z)), which needs opset 20;
 *   <li>step: {@code Greater}(z, 0) then {@code Cast} to float, i.e. 1 if z &gt; 0 else 0.
 * </ul>
 */
final class ActivationExporters {
    private ActivationExporters() {}

    static Map<String, ActivationExporter> all() {
        return Map.of(
                "identity", (a, p, g) -> {},
                "sigmoid", single("Sigmoid"),
                "tanh", single("Tanh"),
                "relu", single("Relu"),
                "softplus", single("Softplus"),
                "leaky_relu", (a, p, g) -> g.apply("LeakyRelu", p + ".a", List.of(), floatAttribute("alpha", ((LeakyRelu) a).alpha())),
                "elu", (a, p, g) -> g.apply("Elu", p + ".a", List.of(), floatAttribute("alpha", ((Elu) a).alpha())),
                "softmax", (a, p, g) -> g.apply("Softmax", p + ".a", List.of(), intAttribute("axis", -1)),
                "gelu", (a, p, g) -> {
                    g.requireOpset(OnnxFile.OPSET_GELU);
                    g.apply("Gelu", p + ".a", List.of(), stringAttribute("approximate", "none"));
                },
                "step", (a, p, g) -> {
                    String zero = g.constant(p + ".zero", new long[0], new double[] {0});
                    g.apply("Greater", p + ".positive", List.of(zero));
                    g.apply("Cast", p + ".a", List.of(), intAttribute("to", 1)); // 1 = FLOAT
                });
    }

    private static ActivationExporter single(String op) {
        return (a, p, g) -> g.apply(op, p + ".a", List.of());
    }
}
