package dev.myelin.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.layers.Dense;
import dev.myelin.onnx.proto.OnnxProtos.AttributeProto;
import dev.myelin.onnx.proto.OnnxProtos.GraphProto;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import dev.myelin.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProtos.TypeProto;
import dev.myelin.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.myelin.tensor.Precision;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The importer's formulas on hand-built graphs, against hand-computed values. */
class ImportFormulasTest {
    private static final Offset<Double> EXACT = Offset.offset(1e-12);

    static TensorProto tensor(String name, long[] dims, double... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (double v : values) {
            t.addDoubleData(v);
        }
        return t.build();
    }

    static NodeProto node(String op, String out, List<String> in, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(in).addOutput(out);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    static Model load(int features, List<TensorProto> constants, List<NodeProto> nodes) {
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)))).build();
        GraphProto g = GraphProto.newBuilder().addInput(ValueInfoProto.newBuilder().setName("x").setType(type))
                .addAllInitializer(constants).addAllNode(nodes)
                .addOutput(ValueInfoProto.newBuilder().setName(nodes.getLast().getOutput(0))).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(g).build();
        return OnnxFile.fromBytes(m.toByteArray(), null, Precision.FLOAT64, OnnxLimits.DEFAULT);
    }

    /** Gemm: Y = α·X·Bᵀ + β·C with transB = 1, so W = α·Bᵀ and b = β·C. */
    @Test
    void gemmWithAlphaBetaAndTransB() {
        // B = [[1, 2], [3, 4], [5, 6]] is [units = 3][inputs = 2]; α = 2, β = 0.5, C = [1, 2, 3]
        Model m = load(2, List.of(tensor("B", new long[] {3, 2}, 1, 2, 3, 4, 5, 6), tensor("C", new long[] {3}, 1, 2, 3)),
                List.of(node("Gemm", "y", List.of("x", "B", "C"), GraphWriter.intAttribute("transB", 1),
                        GraphWriter.floatAttribute("alpha", 2), GraphWriter.floatAttribute("beta", 0.5))));
        Dense d = (Dense) m.network().layers().getFirst();
        assertThat(d.weights().toArray()).isDeepEqualTo(new double[][] {{2, 6, 10}, {4, 8, 12}});
        assertThat(d.bias().toArray()[0]).containsExactly(0.5, 1, 1.5);
        // x = (1, 1): y_j = 2·(B_j0 + B_j1) + 0.5·C_j = 2·3 + 0.5, 2·7 + 1, 2·11 + 1.5
        assertThat(m.network().predict(new double[] {1, 1})).containsExactly(new double[] {6.5, 15, 23.5}, Offset.offset(1e-12));
    }

    /** MatMul(X, W) + Add(b), with W given transposed through a Transpose node. */
    @Test
    void matMulAddWithTransposedWeights() {
        Model m = load(2, List.of(tensor("Wt", new long[] {1, 2}, 3, -1), tensor("b", new long[] {1}, 0.25)),
                List.of(node("Transpose", "W", List.of("Wt")), node("MatMul", "z", List.of("x", "W")),
                        node("Add", "y", List.of("z", "b"))));
        // y = 3·x1 − x2 + 0.25
        assertThat(m.network().predict(new double[] {2, 5})[0]).isCloseTo(3 * 2 - 5 + 0.25, EXACT);
    }

    /**
     * Preprocessing composes into x' = (x − o)/s: Sub c → o += c·s; Add c → o −= c·s; Div c → s ·= c;
     * Mul c → s /= c. Here Sub 1, Div 4, Add 0.5, Mul 2: x' = 2·((x − 1)/4 + 0.5) = (x − 1 + 2)/2, so
     * o = −1 and s = 2.
     */
    @Test
    void preprocessingComposesIntoOneScaler() {
        Model m = load(1, List.of(tensor("c1", new long[] {1}, 1), tensor("c4", new long[] {1}, 4),
                tensor("h", new long[] {}, 0.5), tensor("two", new long[] {1, 1}, 2), tensor("W", new long[] {1, 1}, 1)),
                List.of(node("Sub", "a", List.of("x", "c1")), node("Div", "b", List.of("a", "c4")),
                        node("Add", "c", List.of("b", "h")), node("Mul", "d", List.of("two", "c")),
                        node("MatMul", "y", List.of("d", "W"))));
        assertThat(m.info().scaler().offset()).containsExactly(-1);
        assertThat(m.info().scaler().scale()).containsExactly(2);
        double x = 7;
        assertThat(m.network().predict(m.info().scaler().transformRow(new double[] {x}))[0])
                .isCloseTo(2 * ((x - 1) / 4 + 0.5), EXACT);
    }

    /** GELU written as Mul(x, ½) first, then Mul(·, 1 + erf(x/√2)): the factors in another order. */
    @Test
    void decomposedGeluInAnotherOrder() {
        Model m = load(1, List.of(tensor("W", new long[] {1, 1}, 1), tensor("r2", new long[] {}, Math.sqrt(2)),
                tensor("one", new long[] {}, 1), tensor("half", new long[] {}, 0.5)),
                List.of(node("MatMul", "z", List.of("x", "W")), node("Div", "s", List.of("z", "r2")),
                        node("Erf", "e", List.of("s")), node("Add", "p", List.of("one", "e")),
                        node("Mul", "q", List.of("half", "z")), node("Mul", "y", List.of("p", "q"))));
        assertThat(((Dense) m.network().layers().getFirst()).activation().name()).isEqualTo("gelu");
        // GELU(1) = Φ(1) = 0.8413447460685429
        assertThat(m.network().predict(new double[] {1})[0]).isCloseTo(0.8413447460685429, Offset.offset(1e-12));
    }

    @Test
    void aDivAfterALayerThatIsNotGeluIsRefused() {
        assertThatThrownBy(() -> load(1, List.of(tensor("W", new long[] {1, 1}, 1), tensor("k", new long[] {}, 3)),
                List.of(node("MatMul", "z", List.of("x", "W")), node("Div", "y", List.of("z", "k")))))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("(memory): node \"y\" (Div) is not supported: after a layer, Div is read only as the start of GELU, "
                        + "x·½·(1 + erf(x/√2))");
    }

    @Test
    void twoActivationsInARowAreRefused() {
        assertThatThrownBy(() -> load(1, List.of(tensor("W", new long[] {1, 1}, 1)),
                List.of(node("MatMul", "z", List.of("x", "W")), node("Relu", "a", List.of("z")), node("Tanh", "y", List.of("a")))))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("node \"y\" (Tanh) is not supported: it follows the activation relu of the same layer");
    }
}
