package dev.myelin.onnx;

import com.google.protobuf.ByteString;
import dev.myelin.onnx.proto.OnnxProtos.AttributeProto;
import dev.myelin.onnx.proto.OnnxProtos.GraphProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProtos.TypeProto;
import dev.myelin.onnx.proto.OnnxProtos.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one ONNX graph as a chain: the exporters append nodes that read the current value and
 * constants (initializers), and each node's output becomes the current value. Shapes are
 * batch × features with a symbolic batch dimension, so the exported model takes any batch size.
 */
public final class GraphWriter {
    /** The graph's input and output names, and the symbolic batch dimension. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String BATCH = "batch";

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("myelin");
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private String current = INPUT;
    private int opset = OnnxFile.OPSET;

    GraphWriter(int features) {
        graph.addInput(valueInfo(INPUT, features));
    }

    /** The name of the value the next node reads. */
    public String current() {
        return current;
    }

    /** Asks for at least this opset (e.g. 20 for {@code Gelu}). */
    public void requireOpset(int version) {
        opset = Math.max(opset, version);
    }

    int opset() {
        return opset;
    }

    /**
     * Appends a node of {@code op} whose first input is the current value and whose other inputs are
     * {@code constants} (names of initializers); its output, named {@code name}, becomes current.
     */
    public String apply(String op, String name, List<String> constants, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addInput(current).addAllInput(constants)
                .addOutput(name);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n);
        current = name;
        return name;
    }

    /** Appends a node with explicit inputs; the current value does not change (see {@link #setCurrent}). */
    public String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        nodes.add(n);
        return name;
    }

    /** Makes {@code name} (the output of a node added with {@link #node}) the value the next node reads. */
    public void setCurrent(String name) {
        current = name;
    }

    /** Adds an int64 initializer (e.g. indices); returns its name. */
    public String int64Constant(String name, long[] shape, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .setRawData(ByteString.copyFrom(b.flip()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a float32 initializer of the given shape (row-major values); returns its name. */
    public String constant(String name, long[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.flip()));
        for (long d : shape) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    public static AttributeProto floatAttribute(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) value).build();
    }

    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** The finished graph: the last node's output renamed {@link #OUTPUT}, of width {@code outputs}. */
    GraphProto finish(int outputs) {
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the graph has no node");
        }
        nodes.getLast().setOutput(0, OUTPUT);
        for (NodeProto.Builder n : nodes) {
            graph.addNode(n);
        }
        graph.addOutput(valueInfo(OUTPUT, outputs));
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, int features) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
