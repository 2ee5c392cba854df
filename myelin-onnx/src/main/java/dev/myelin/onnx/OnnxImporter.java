package dev.myelin.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.io.ModelInfo;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.onnx.proto.OnnxProtos.GraphProto;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;
import dev.myelin.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProtos.StringStringEntryProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorProto;
import dev.myelin.onnx.proto.OnnxProtos.TensorShapeProto;
import dev.myelin.onnx.proto.OnnxProtos.ValueInfoProto;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX multilayer perceptron as a Myelin {@link Model}. The file is untrusted: the protobuf was
 * parsed within {@link OnnxLimits}; here the graph's counts, the opset, the one input (batch ×
 * features, float) and the one output are checked, every constant is decoded by {@link Tensors}
 * (shape against carried bytes before allocating), and the nodes are read in order by the
 * {@link NodeImporter} of their operator. The result must be a chain of dense layers whose widths
 * agree. Every problem is a {@link ModelFormatException}: one sentence naming the file and, for a
 * node, its name, operator and what is supported.
 */
final class OnnxImporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_OPSET = 7;
    private static final int MAX_OPSET = 23;

    private OnnxImporter() {}

    static Model read(ModelProto model, Path file, OnnxLimits limits, Precision precision) {
        if (!model.hasGraph()) {
            throw new ModelFormatException(file, "the file holds no ONNX graph (is it an ONNX model?)");
        }
        checkOpset(model, file);
        GraphProto g = model.getGraph();
        if (g.getNodeCount() > limits.maxNodes()) {
            throw new ModelFormatException(file, "the graph has " + g.getNodeCount() + " nodes, more than the limit of "
                    + limits.maxNodes());
        }
        if (g.getInitializerCount() > limits.maxTensors()) {
            throw new ModelFormatException(file, "the graph has " + g.getInitializerCount()
                    + " initializers, more than the limit of " + limits.maxTensors());
        }
        if (g.getSparseInitializerCount() > 0) {
            throw new ModelFormatException(file, "the graph has sparse initializers, which are not supported");
        }
        Map<String, Constant> constants = new HashMap<>();
        long total = 0;
        for (TensorProto t : g.getInitializerList()) {
            Constant c = decode(t, "initializer \"" + GraphReader.clip(t.getName()) + "\"", file, limits);
            total += c.values().length;
            checkTotal(total, file, limits);
            constants.put(t.getName(), c);
        }
        ValueInfoProto input = singleInput(g, constants.keySet(), file);
        int declaredWidth = inputWidth(input, file);
        if (g.getOutputCount() != 1) {
            throw new ModelFormatException(file, "the graph has " + g.getOutputCount()
                    + " outputs; a multilayer perceptron has exactly one");
        }
        // Constant nodes have no inputs: their values are taken first, so the chain reads without them
        List<NodeProto> chain = new ArrayList<>();
        Set<String> produced = new HashSet<>();
        GraphReader reader = new GraphReader(file, chain, constants, input.getName());
        for (NodeProto node : g.getNodeList()) {
            for (String out : node.getOutputList()) {
                if (!out.isEmpty() && (!produced.add(out) || constants.containsKey(out) || out.equals(input.getName()))) {
                    throw new ModelFormatException(file, "node " + GraphReader.describe(node) + " writes \""
                            + GraphReader.clip(out) + "\", which already has a value");
                }
            }
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw reader.unsupported(node, "it is in the operator domain \"" + GraphReader.clip(node.getDomain())
                        + "\"; only the standard ONNX operators are read");
            }
            if (node.getOpType().equals("Constant")) {
                total += constantNode(node, reader, file, limits);
                checkTotal(total, file, limits);
            } else {
                chain.add(node);
            }
        }
        NodeProto node;
        while ((node = reader.nextNode()) != null) {
            if (foldConstant(node, reader)) {
                continue;
            }
            NodeImporter importer = OnnxRegistry.node(node.getOpType());
            if (importer == null) {
                throw reader.unsupported(node, "the importer reads multilayer perceptrons made of "
                        + String.join(", ", OnnxRegistry.importedOps()));
            }
            try {
                importer.read(node, reader);
            } catch (ModelFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw reader.unsupported(node, e.getMessage());
            }
        }
        String output = g.getOutput(0).getName();
        if (!reader.current().equals(output)) {
            throw new ModelFormatException(file, "the graph's output \"" + GraphReader.clip(output)
                    + "\" is not the end of its chain of layers (\"" + GraphReader.clip(reader.current()) + "\")");
        }
        if (reader.pendingStep != null) {
            throw new ModelFormatException(file, "a Greater(z, 0) node is not followed by its Cast to float");
        }
        try {
            return build(reader, declaredWidth, model, file, precision);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "the layers read do not form a valid network: " + e.getMessage(), e);
        }
    }

    private static void checkOpset(ModelProto model, Path file) {
        boolean standard = false;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                standard = true;
                if (o.getVersion() < MIN_OPSET || o.getVersion() > MAX_OPSET) {
                    throw new ModelFormatException(file, "the model uses ONNX opset " + o.getVersion()
                            + "; opsets " + MIN_OPSET + " to " + MAX_OPSET + " are read");
                }
            }
        }
        if (!standard) {
            throw new ModelFormatException(file, "the model imports no standard ONNX opset");
        }
    }

    private static Constant decode(TensorProto t, String what, Path file, OnnxLimits limits) {
        try {
            return Tensors.decode(t, what, limits);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    private static void checkTotal(long total, Path file, OnnxLimits limits) {
        if (total > limits.maxTotalElements()) {
            throw new ModelFormatException(file, "the constants hold more than " + limits.maxTotalElements()
                    + " elements in all, the limit");
        }
    }

    /** The one graph input that is not an initializer (older files list initializers as inputs too). */
    private static ValueInfoProto singleInput(GraphProto g, Set<String> initializers, Path file) {
        List<ValueInfoProto> inputs = new ArrayList<>();
        for (ValueInfoProto v : g.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw new ModelFormatException(file, "the graph has " + inputs.size()
                    + " inputs besides its weights; a multilayer perceptron has exactly one (batch × features)");
        }
        return inputs.getFirst();
    }

    /** The declared feature count, or −1 if the second dimension is symbolic. */
    private static int inputWidth(ValueInfoProto input, Path file) {
        String name = "the input \"" + GraphReader.clip(input.getName()) + "\"";
        if (!input.getType().hasTensorType()) {
            throw new ModelFormatException(file, name + " is not a tensor");
        }
        var t = input.getType().getTensorType();
        int elem = t.getElemType();
        if (elem != TensorProto.DataType.FLOAT_VALUE && elem != TensorProto.DataType.DOUBLE_VALUE) {
            throw new ModelFormatException(file, name + " has element type " + Tensors.typeName(elem)
                    + "; float or double features are read");
        }
        if (!t.hasShape()) {
            return -1;
        }
        List<TensorShapeProto.Dimension> dims = t.getShape().getDimList();
        if (dims.size() != 2) {
            throw new ModelFormatException(file, name + " has " + dims.size()
                    + " dimensions; a multilayer perceptron takes batch × features (2)");
        }
        TensorShapeProto.Dimension f = dims.get(1);
        if (f.hasDimValue()) {
            if (f.getDimValue() < 1 || f.getDimValue() > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, name + " declares " + f.getDimValue() + " features");
            }
            return (int) f.getDimValue();
        }
        return -1;
    }

    /** A Constant node: its value attribute becomes a constant. Returns its element count. */
    private static long constantNode(NodeProto node, GraphReader reader, Path file, OnnxLimits limits) {
        var value = reader.attribute(node, "value");
        if (node.getOutputCount() != 1 || value == null || !value.hasT()) {
            throw reader.unsupported(node, "only Constant nodes with a tensor \"value\" are read");
        }
        Constant c = decode(value.getT(), "the value of node " + GraphReader.describe(node), file, limits);
        reader.putConstant(node.getOutput(0), c);
        return c.values().length;
    }

    /** Identity, Transpose (2-D) and Cast to float of constants become constants. */
    private static boolean foldConstant(NodeProto node, GraphReader reader) {
        String op = node.getOpType();
        if (node.getInputCount() != 1 || node.getOutputCount() != 1 || reader.constant(node.getInput(0)) == null) {
            return false;
        }
        Constant c = reader.constant(node.getInput(0));
        switch (op) {
            case "Identity" -> reader.putConstant(node.getOutput(0), c);
            case "Transpose" -> {
                var perm = reader.attribute(node, "perm");
                boolean swap = perm == null || perm.getIntsList().equals(List.of(1L, 0L));
                if (c.rank() != 2 || !swap) {
                    throw reader.unsupported(node, "only the transpose of a 2-D constant is read");
                }
                reader.putConstant(node.getOutput(0), c.transpose());
            }
            case "Cast" -> {
                long to = reader.intAttribute(node, "to", 0);
                if (to != 1 && to != 11) {
                    throw reader.unsupported(node, "only casts of constants to float or double are read");
                }
                reader.putConstant(node.getOutput(0), new Constant(c.dims(), c.values(), true));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static Model build(GraphReader reader, int declaredWidth, ModelProto model, Path file, Precision precision) {
        if (reader.layers.isEmpty()) {
            throw new ModelFormatException(file, "the graph has no Gemm or MatMul layer");
        }
        int inputs = reader.layers.getFirst().weights.rows();
        if (reader.crosses != null) {
            if (reader.crosses.size() != inputs) {
                throw new ModelFormatException(file, "the feature crosses make " + reader.crosses.size()
                        + " features but the first layer takes " + inputs);
            }
            if (declaredWidth > 0 && declaredWidth != 2) {
                throw new ModelFormatException(file, "the feature crosses read x1 and x2, but the input declares "
                        + declaredWidth + " features");
            }
        } else if (declaredWidth > 0 && declaredWidth != inputs) {
            throw new ModelFormatException(file, "the input declares " + declaredWidth + " features but the first layer "
                    + GraphReader.describe(reader.layers.getFirst().node) + " takes " + inputs);
        }
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (GraphReader.DenseSpec d : reader.layers) {
            Constant w = d.weights;
            if (w.rows() != width) {
                throw new ModelFormatException(file, "layer " + GraphReader.describe(d.node) + " takes " + w.rows()
                        + " inputs but the layer before gives " + width);
            }
            Matrix weights = Matrix.zeros(w.rows(), w.cols(), precision);
            for (int i = 0; i < w.values().length; i++) {
                weights.set(i, w.values()[i]);
            }
            layers.add(new Dense(weights, Matrix.row(d.bias, precision), d.activation));
            width = w.cols();
        }
        Network network = Network.of(inputs, layers, precision, 42);
        ModelInfo info = info(model, network, file);
        Scaler scaler = scaler(reader, inputs, info, file);
        List<String> crosses = reader.crosses != null ? reader.crosses
                : info.featureCrosses().equals(List.of("x1", "x2")) && inputs == 2 ? info.featureCrosses() : List.of();
        info = new ModelInfo(info.task(), info.featureNames(), info.labelName(), info.classNames(), scaler, crosses,
                info.provenance());
        return new Model(network, info);
    }

    /** {@code myelin.info} when the file has it (Myelin's exports), else the defaults plus provenance.* entries. */
    private static ModelInfo info(ModelProto model, Network network, Path file) {
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        String text = meta.get(OnnxFile.INFO_KEY);
        if (text != null) {
            try {
                return ModelInfo.fromJson(JSON.readTree(text), OnnxFile.INFO_KEY);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ModelFormatException(file, "the " + OnnxFile.INFO_KEY + " metadata is not valid JSON ("
                        + e.getOriginalMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "the " + OnnxFile.INFO_KEY + " metadata is not valid: " + e.getMessage(), e);
            }
        }
        ModelInfo d = ModelInfo.defaults(network);
        Map<String, String> provenance = new java.util.LinkedHashMap<>();
        if (!model.getProducerName().isEmpty()) {
            provenance.put("producer", GraphReader.clip(model.getProducerName() + " " + model.getProducerVersion()).trim());
        }
        provenance.put("source", "onnx");
        return new ModelInfo(d.task(), List.of(), null, List.of(), null, List.of(), provenance);
    }

    /**
     * The feature scaling read from the nodes before the first layer, composed into one
     * x' = (x − offset)/scale; null if there were none. If the model info carries a scaler whose
     * float32 values are the graph's, that one is kept (it has the full float64 precision).
     */
    private static Scaler scaler(GraphReader reader, int width, ModelInfo info, Path file) {
        if (reader.preprocessing.isEmpty()) {
            return null;
        }
        double[] offset = new double[width];
        double[] scale = new double[width];
        java.util.Arrays.fill(scale, 1);
        for (GraphReader.Preprocess p : reader.preprocessing) {
            double[] c = p.constant().vectorOf(width);
            if (c == null) {
                throw reader.unsupported(p.node(), "its constant has shape " + p.constant().shapeText() + "; expected ["
                        + width + "], [1, " + width + "] or a scalar, one value per feature");
            }
            for (int j = 0; j < width; j++) {
                // x' = (x − o)/s; then x' − c = (x − (o + c·s))/s, x'/c = (x − o)/(s·c), x'·c = (x − o)/(s/c)
                switch (p.op()) {
                    case "Sub" -> offset[j] += c[j] * scale[j];
                    case "Add" -> offset[j] -= c[j] * scale[j];
                    case "Div" -> scale[j] *= c[j];
                    default -> scale[j] = c[j] == 0 ? 0 : scale[j] / c[j];
                }
                if (scale[j] == 0 || !Double.isFinite(scale[j]) || !Double.isFinite(offset[j])) {
                    throw reader.unsupported(p.node(), "it scales feature " + j + " by zero or to infinity");
                }
            }
        }
        Scaler fromInfo = info.scaler();
        if (fromInfo != null && fromInfo.features() == width && sameAsFloat(fromInfo.offset(), offset)
                && sameAsFloat(fromInfo.scale(), scale)) {
            return fromInfo;
        }
        ObjectNode json = JSON.createObjectNode();
        json.put("kind", fromInfo != null ? fromInfo.kind().label() : "standard");
        var o = json.putArray("offset");
        var s = json.putArray("scale");
        for (int j = 0; j < width; j++) {
            o.add(offset[j]);
            s.add(scale[j]);
        }
        try {
            return Scaler.fromJson(json, "scaler");
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "the feature scaling before the first layer is not valid: " + e.getMessage(), e);
        }
    }

    private static boolean sameAsFloat(double[] exact, double[] read) {
        for (int j = 0; j < exact.length; j++) {
            if ((float) exact[j] != (float) read[j]) {
                return false;
            }
        }
        return true;
    }
}
