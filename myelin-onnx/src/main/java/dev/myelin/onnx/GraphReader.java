package dev.myelin.onnx;

import dev.myelin.activations.Activation;
import dev.myelin.io.ModelFormatException;
import dev.myelin.onnx.proto.OnnxProtos.AttributeProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of an import while {@link NodeImporter}s read the graph's nodes in order: the constants,
 * the one value computed so far (the "current" value, batch × width, starting at the graph input),
 * the preprocessing seen before the first layer, and the dense layers read so far. A multilayer
 * perceptron is a chain, so every node must read the current value (and constants) and its output
 * becomes current; anything that branches is refused, except the decomposed GELU, which its
 * importer reads as a whole.
 */
public final class GraphReader {
    /** One affine preprocessing step before the first layer: x ← x − c, x ← x + c, x ← x / c or x ← x · c. */
    record Preprocess(String op, Constant constant, NodeProto node) {}

    /** A dense layer read so far: W [inputs][units], b [units], g. */
    static final class DenseSpec {
        final Constant weights;
        double[] bias;
        boolean biasOpen;
        /** Whether a bias was given (Gemm's C, or an Add after a MatMul); without one the layer has none. */
        boolean hasBias;
        Activation activation = Activation.IDENTITY;
        final NodeProto node;

        DenseSpec(Constant weights, double[] bias, boolean biasOpen, NodeProto node) {
            this.weights = weights;
            this.bias = bias;
            this.biasOpen = biasOpen;
            this.node = node;
        }
    }

    private final Path file;
    private final List<NodeProto> nodes;
    private final Map<String, Constant> constants;
    private int next;
    private String current;
    final List<Preprocess> preprocessing = new ArrayList<>();
    final List<DenseSpec> layers = new ArrayList<>();
    /** The feature crosses read at the start of the graph (x1, x2, x1sq, …), or null if none. */
    List<String> crosses;
    /** The output of a {@code Greater(z, 0)} waiting for its {@code Cast} (the step activation). */
    String pendingStep;

    GraphReader(Path file, List<NodeProto> nodes, Map<String, Constant> constants, String input) {
        this.file = file;
        this.nodes = nodes;
        this.constants = constants;
        this.current = input;
    }

    /** The next node to read, or null at the end; advances. */
    NodeProto nextNode() {
        return next < nodes.size() ? nodes.get(next++) : null;
    }

    /** The node {@code ahead} places after the one being read (1 = the next), or null. */
    public NodeProto peek(int ahead) {
        int i = next - 1 + ahead;
        return i < nodes.size() ? nodes.get(i) : null;
    }

    /** Marks the next {@code count} nodes as read (they were part of the node being read). */
    public void skip(int count) {
        next += count;
    }

    public String current() {
        return current;
    }

    /** The constant named {@code name}, or null if it is computed. */
    public Constant constant(String name) {
        return constants.get(name);
    }

    void putConstant(String name, Constant c) {
        constants.put(name, c);
    }

    /**
     * The one constant among the node's inputs other than the current value; throws when an input is
     * neither current nor constant, or when the node does not read the current value exactly once.
     */
    public Constant operand(NodeProto node) {
        Constant c = null;
        int currentUses = 0;
        for (String in : node.getInputList()) {
            if (in.equals(current)) {
                currentUses++;
            } else if (constants.containsKey(in)) {
                c = constants.get(in);
            } else {
                throw notAChain(node, in);
            }
        }
        if (currentUses != 1 || node.getInputCount() != 2 || c == null) {
            throw unsupported(node, "only " + node.getOpType() + " of the value computed so far and one constant is read");
        }
        return c;
    }

    /** Checks that the node's first input is the current value (and its other inputs constants). */
    public void requireCurrentInput(NodeProto node) {
        if (node.getInputCount() == 0 || !node.getInput(0).equals(current)) {
            String in = node.getInputCount() == 0 ? "nothing" : node.getInput(0);
            throw notAChain(node, in);
        }
        for (int i = 1; i < node.getInputCount(); i++) {
            String in = node.getInput(i);
            if (!in.isEmpty() && !constants.containsKey(in)) {
                throw notAChain(node, in);
            }
        }
    }

    /** Makes the node's first output the current value (other outputs must be unused: checked at the end). */
    public void advance(NodeProto node) {
        if (node.getOutputCount() == 0 || node.getOutput(0).isEmpty()) {
            throw unsupported(node, "it has no output");
        }
        current = node.getOutput(0);
    }

    /** The last dense layer read, or null before the first. */
    DenseSpec lastDense() {
        return layers.isEmpty() ? null : layers.getLast();
    }

    void addDense(NodeProto node, Constant weights, double[] bias, boolean biasOpen) {
        layers.add(new DenseSpec(weights, bias, biasOpen, node));
    }

    /** Sets g of the last dense layer, which must have none yet. */
    public void activate(NodeProto node, Activation activation) {
        DenseSpec d = lastDense();
        if (d == null) {
            throw unsupported(node, "an activation is read only after a Gemm or MatMul layer");
        }
        if (d.activation != Activation.IDENTITY) {
            throw unsupported(node, "it follows the activation " + d.activation.name()
                    + " of the same layer; one activation per layer is supported");
        }
        d.activation = activation;
        d.biasOpen = false;
    }

    /** An error about one node: names the node, its operator and the problem. */
    public ModelFormatException unsupported(NodeProto node, String problem) {
        return new ModelFormatException(file, "node " + describe(node) + " is not supported: " + problem);
    }

    public ModelFormatException invalid(String problem) {
        return new ModelFormatException(file, problem);
    }

    private ModelFormatException notAChain(NodeProto node, String input) {
        return new ModelFormatException(file, "node " + describe(node) + " reads \"" + input
                + "\", which is neither the value computed so far (\"" + current + "\") nor a constant; only chains of layers"
                + " (multilayer perceptrons) are supported");
    }

    static String describe(NodeProto node) {
        String name = node.getName().isEmpty() ? "(unnamed)" : "\"" + clip(node.getName()) + "\"";
        return name + " (" + clip(node.getOpType()) + ")";
    }

    /** At most 80 characters of a name taken from the file, so hostile names do not flood messages. */
    static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    // ---- attributes ----

    public AttributeProto attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public long intAttribute(NodeProto node, String name, long fallback) {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.INT) {
            throw unsupported(node, "its attribute " + name + " should be an integer");
        }
        return a.getI();
    }

    public double floatAttribute(NodeProto node, String name, double fallback) {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.FLOAT || !Float.isFinite(a.getF())) {
            throw unsupported(node, "its attribute " + name + " should be a finite number");
        }
        // the shortest decimal that is this float: 0.01f reads as 0.01, as the model was written
        return Double.parseDouble(Float.toString(a.getF()));
    }

    public String stringAttribute(NodeProto node, String name, String fallback) {
        AttributeProto a = attribute(node, name);
        if (a == null) {
            return fallback;
        }
        if (a.getType() != AttributeProto.AttributeType.STRING) {
            throw unsupported(node, "its attribute " + name + " should be a string");
        }
        return a.getS().toStringUtf8();
    }
}
