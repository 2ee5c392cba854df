package dev.myelin.onnx;

import dev.myelin.activations.Activation;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import java.util.HashMap;
import java.util.Map;

/**
 * The operators of a multilayer perceptron as {@code torch.onnx.export} and Myelin write them:
 * <ul>
 *   <li>{@code Gemm}(X, B, C): Y = α·X·op(B) + β·C with op(B) = Bᵀ when transB = 1 (PyTorch's
 *       {@code nn.Linear} stores [units, inputs]), so W = α·op(B), b = β·C; transA must be 0;
 *   <li>{@code MatMul}(X, W) then an optional {@code Add}(·, b): the same layer in two nodes;
 *   <li>a Gemm without C, or a MatMul without Add, is a dense layer without bias (PyTorch's {@code bias=False});
 *   <li>activations {@code Relu, LeakyRelu, Elu, Tanh, Sigmoid, Softplus, Softmax, Gelu}, and GELU
 *       decomposed as x·½·(1 + erf(x/√2)) ({@code Div, Erf, Add, Mul, Mul}); {@code Greater}(z, 0) +
 *       {@code Cast} (Myelin's step);
 *   <li>{@code Identity, Dropout, Flatten} (axis 1): the value passes unchanged at inference;
 *   <li>before the first layer, {@code Sub, Add, Div, Mul} by a constant per feature: the scaler;
 *   <li>at the start, {@code Gather, Mul, Sin, Concat} over x1, x2: the feature crosses ({@link FeatureCrosses}).
 * </ul>
 * {@code Transpose} and {@code Identity} of constants are folded before they get here.
 */
final class NodeImporters {
    private static final double SQRT2 = Math.sqrt(2);

    private NodeImporters() {}

    static Map<String, NodeImporter> all() {
        Map<String, NodeImporter> m = new HashMap<>();
        m.put("Gemm", NodeImporters::gemm);
        m.put("MatMul", NodeImporters::matMul);
        m.put("Add", NodeImporters::add);
        m.put("Sub", (n, r) -> preprocess(n, r, "Sub"));
        m.put("Mul", (n, r) -> preprocess(n, r, "Mul"));
        m.put("Div", NodeImporters::div);
        m.put("Relu", simple(Activation.RELU));
        m.put("Tanh", simple(Activation.TANH));
        m.put("Sigmoid", simple(Activation.SIGMOID));
        m.put("Softplus", simple(Activation.SOFTPLUS));
        m.put("LeakyRelu", (n, r) -> activation(n, r, Activation.leakyRelu(r.floatAttribute(n, "alpha", 0.01))));
        m.put("Elu", (n, r) -> activation(n, r, Activation.elu(r.floatAttribute(n, "alpha", 1.0))));
        m.put("Softmax", NodeImporters::softmax);
        m.put("Gelu", NodeImporters::gelu);
        m.put("Greater", NodeImporters::greater);
        m.put("Cast", NodeImporters::cast);
        m.put("Identity", NodeImporters::passThrough);
        m.put("Dropout", NodeImporters::dropout);
        m.put("Flatten", NodeImporters::flatten);
        m.put("Gather", FeatureCrosses::read);
        return m;
    }

    private static NodeImporter simple(Activation a) {
        return (n, r) -> activation(n, r, a);
    }

    private static void activation(NodeProto n, GraphReader r, Activation a) {
        r.requireCurrentInput(n);
        if (n.getInputCount() != 1) {
            throw r.unsupported(n, "it has " + n.getInputCount() + " inputs, expected 1");
        }
        r.activate(n, a);
        r.advance(n);
    }

    private static void gemm(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        if (n.getInputCount() < 2 || n.getInputCount() > 3) {
            throw r.unsupported(n, "Gemm needs 2 or 3 inputs, it has " + n.getInputCount());
        }
        if (r.intAttribute(n, "transA", 0) != 0) {
            throw r.unsupported(n, "transA = 1 transposes the batch; only transA = 0 is read");
        }
        Constant b = weightOperand(n, r, n.getInput(1));
        if (r.intAttribute(n, "transB", 0) != 0) {
            b = b.transpose();
        }
        double alpha = r.floatAttribute(n, "alpha", 1), beta = r.floatAttribute(n, "beta", 1);
        double[] w = b.values();
        for (int i = 0; i < w.length; i++) {
            w[i] *= alpha;
        }
        double[] bias = new double[b.cols()];
        boolean hasBias = n.getInputCount() == 3 && !n.getInput(2).isEmpty();
        if (hasBias) {
            Constant c = r.constant(n.getInput(2));
            double[] v = c.vectorOf(b.cols());
            if (v == null) {
                throw r.unsupported(n, "its bias C has shape " + c.shapeText() + "; expected [" + b.cols() + "], [1, "
                        + b.cols() + "] or a scalar");
            }
            for (int j = 0; j < v.length; j++) {
                bias[j] = beta * v[j];
            }
        }
        r.addDense(n, b, bias, false);
        r.lastDense().hasBias = hasBias;
        r.advance(n);
    }

    private static void matMul(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        if (n.getInputCount() != 2) {
            throw r.unsupported(n, "MatMul needs 2 inputs, it has " + n.getInputCount());
        }
        Constant w = weightOperand(n, r, n.getInput(1));
        r.addDense(n, new Constant(w.dims(), w.values().clone()), new double[w.cols()], true);
        r.advance(n);
    }

    /** The weight matrix input: a 2-D constant with at least one row and one column. */
    private static Constant weightOperand(NodeProto n, GraphReader r, String name) {
        Constant c = r.constant(name);
        if (c == null) {
            throw r.unsupported(n, "its weights \"" + GraphReader.clip(name) + "\" are computed, not a constant");
        }
        if (c.rank() != 2 || c.dims()[0] < 1 || c.dims()[1] < 1 || !c.floating()) {
            throw r.unsupported(n, "its weights have shape " + c.shapeText() + "; a 2-D float matrix is expected");
        }
        return new Constant(c.dims(), c.values().clone());
    }

    /** Add: the bias after a MatMul, or a shift of the features before the first layer. */
    private static void add(NodeProto n, GraphReader r) {
        GraphReader.DenseSpec d = r.lastDense();
        if (d == null) {
            preprocess(n, r, "Add");
            return;
        }
        Constant c = r.operand(n);
        double[] v = c.vectorOf(d.weights.cols());
        if (!d.biasOpen || v == null) {
            throw r.unsupported(n, "an Add is read only as the bias right after a MatMul, of shape [units]");
        }
        for (int j = 0; j < v.length; j++) {
            d.bias[j] += v[j];
        }
        d.biasOpen = false;
        d.hasBias = true;
        r.advance(n);
    }

    private static void preprocess(NodeProto n, GraphReader r, String op) {
        if (r.lastDense() != null) {
            throw r.unsupported(n, op + " by a constant is read only before the first layer (as feature scaling)");
        }
        Constant c = r.operand(n);
        if (!n.getInput(0).equals(r.current()) && (op.equals("Sub") || op.equals("Div"))) {
            throw r.unsupported(n, "the constant must be the second operand of " + op);
        }
        r.preprocessing.add(new GraphReader.Preprocess(op, c, n));
        r.advance(n);
    }

    /** Div: feature scaling before the first layer, or the first node of a decomposed GELU after one. */
    private static void div(NodeProto n, GraphReader r) {
        if (r.lastDense() == null) {
            preprocess(n, r, "Div");
            return;
        }
        Constant c = r.operand(n);
        if (!c.isScalar() || Math.abs(c.values()[0] - SQRT2) > 1e-6 || !n.getInput(0).equals(r.current())) {
            throw r.unsupported(n, "after a layer, Div is read only as the start of GELU, x·½·(1 + erf(x/√2))");
        }
        String x = r.current();
        String scaled = n.getOutput(0);
        NodeProto erf = r.peek(1), plus = r.peek(2), mul1 = r.peek(3), mul2 = r.peek(4);
        String problem = "it looks like the start of GELU, x·½·(1 + erf(x/√2)), but the next nodes are not Erf, Add 1, Mul, Mul";
        if (erf == null || plus == null || mul1 == null || mul2 == null || !erf.getOpType().equals("Erf")
                || !plus.getOpType().equals("Add") || !mul1.getOpType().equals("Mul") || !mul2.getOpType().equals("Mul")
                || erf.getInputCount() != 1 || !erf.getInput(0).equals(scaled) || plus.getInputCount() != 2
                || mul1.getInputCount() != 2 || mul2.getInputCount() != 2 || erf.getOutputCount() < 1
                || plus.getOutputCount() < 1 || mul1.getOutputCount() < 1 || mul2.getOutputCount() < 1) {
            throw r.unsupported(n, problem);
        }
        String erfOut = erf.getOutput(0);
        if (!isSumWithOne(r, plus, erfOut)) {
            throw r.unsupported(n, problem);
        }
        String onePlus = plus.getOutput(0);
        String q = mul1.getOutput(0);
        // the two Muls multiply x, (1 + erf) and ½ in any order: mul1 takes two of them, mul2 the third and mul1's result
        java.util.List<String> leaves = new java.util.ArrayList<>(mul1.getInputList());
        if (!mul2.getInputList().contains(q)) {
            throw r.unsupported(n, problem);
        }
        for (String in : mul2.getInputList()) {
            if (!in.equals(q)) {
                leaves.add(in);
            }
        }
        int xs = 0, ones = 0, halves = 0;
        for (String leaf : leaves) {
            Constant k = r.constant(leaf);
            if (leaf.equals(x)) {
                xs++;
            } else if (leaf.equals(onePlus)) {
                ones++;
            } else if (k != null && k.isScalar() && k.values()[0] == 0.5) {
                halves++;
            }
        }
        if (leaves.size() != 3 || xs != 1 || ones != 1 || halves != 1) {
            throw r.unsupported(n, problem);
        }
        r.activate(n, Activation.GELU);
        r.skip(4);
        r.advance(mul2);
    }

    private static boolean isSumWithOne(GraphReader r, NodeProto plus, String erfOut) {
        String a = plus.getInput(0), b = plus.getInput(1);
        String other = a.equals(erfOut) ? b : b.equals(erfOut) ? a : null;
        Constant one = other == null ? null : r.constant(other);
        return one != null && one.isScalar() && one.values()[0] == 1;
    }

    private static void softmax(NodeProto n, GraphReader r) {
        long axis = r.intAttribute(n, "axis", -1);
        if (axis != -1 && axis != 1) {
            throw r.unsupported(n, "Softmax over axis " + axis + "; only the units of each row (axis 1 or −1) are read");
        }
        activation(n, r, Activation.SOFTMAX);
    }

    private static void gelu(NodeProto n, GraphReader r) {
        String approximate = r.stringAttribute(n, "approximate", "none");
        if (!approximate.equals("none")) {
            throw r.unsupported(n, "Gelu with approximate=\"" + GraphReader.clip(approximate)
                    + "\"; only the exact form (approximate=\"none\") is read");
        }
        activation(n, r, Activation.GELU);
    }

    /** Greater(z, 0), the first half of the step activation; Cast completes it. */
    private static void greater(NodeProto n, GraphReader r) {
        Constant c = r.operand(n);
        if (!n.getInput(0).equals(r.current()) || !c.isScalar() || c.values()[0] != 0) {
            throw r.unsupported(n, "Greater is read only as Greater(z, 0) followed by Cast (the step activation)");
        }
        r.pendingStep = n.getOutput(0);
        r.advance(n);
    }

    private static void cast(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        long to = r.intAttribute(n, "to", 0);
        boolean toFloat = to == 1 || to == 11; // FLOAT, DOUBLE
        if (r.pendingStep != null && r.pendingStep.equals(r.current()) && toFloat) {
            r.pendingStep = null;
            r.activate(n, Activation.STEP);
        } else if (!toFloat) {
            throw r.unsupported(n, "Cast to anything but float or double changes the values");
        }
        r.advance(n);
    }

    private static void passThrough(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        r.advance(n);
    }

    private static void dropout(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        if (n.getInputCount() >= 3 && !n.getInput(2).isEmpty()) {
            Constant training = r.constant(n.getInput(2));
            if (training == null || training.values().length != 1 || training.values()[0] != 0) {
                throw r.unsupported(n, "Dropout in training mode; only inference graphs are read");
            }
        }
        r.advance(n);
    }

    private static void flatten(NodeProto n, GraphReader r) {
        r.requireCurrentInput(n);
        if (r.intAttribute(n, "axis", 1) != 1) {
            throw r.unsupported(n, "Flatten with axis " + r.intAttribute(n, "axis", 1) + "; only axis 1 on batch × features is read");
        }
        r.advance(n);
    }
}
