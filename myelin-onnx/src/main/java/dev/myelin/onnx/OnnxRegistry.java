package dev.myelin.onnx;

import dev.myelin.layers.Layer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ONNX exporter and importer know, by name: layer exporters by {@link Layer#type()},
 * activation exporters by activation name, node importers by ONNX operator type. A new layer or
 * activation registers here once; nothing else in the module switches on types.
 */
public final class OnnxRegistry {
    private static final Map<String, LayerExporter> LAYERS = new ConcurrentHashMap<>();
    private static final Map<String, ActivationExporter> ACTIVATIONS = new ConcurrentHashMap<>();
    private static final Map<String, NodeImporter> NODES = new ConcurrentHashMap<>();

    static {
        registerLayer("dense", new DenseExporter());
        // inference graph: dropout is the identity outside training, so it writes no node
        registerLayer("dropout", (layer, prefix, graph) -> {});
        ACTIVATIONS.putAll(ActivationExporters.all());
        NODES.putAll(NodeImporters.all());
    }

    private OnnxRegistry() {}

    /** Registers (or replaces) the exporter of layers whose {@link Layer#type()} is {@code type}. */
    public static void registerLayer(String type, LayerExporter exporter) {
        LAYERS.put(type, exporter);
    }

    /** Registers (or replaces) the exporter of the activation named {@code name}. */
    public static void registerActivation(String name, ActivationExporter exporter) {
        ACTIVATIONS.put(name, exporter);
    }

    /** Registers (or replaces) the importer of ONNX nodes of operator {@code opType}. */
    public static void registerNode(String opType, NodeImporter importer) {
        NODES.put(opType, importer);
    }

    static LayerExporter layer(String type) {
        LayerExporter e = LAYERS.get(type);
        if (e == null) {
            throw new IllegalArgumentException("layers of type \"" + type + "\" cannot be exported to ONNX (supported: "
                    + String.join(", ", new TreeMap<>(LAYERS).keySet()) + "; a new layer type registers a LayerExporter with "
                    + "OnnxRegistry.registerLayer)");
        }
        return e;
    }

    static ActivationExporter activation(String name) {
        ActivationExporter e = ACTIVATIONS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("the activation \"" + name + "\" cannot be exported to ONNX (supported: "
                    + String.join(", ", new TreeMap<>(ACTIVATIONS).keySet()) + ")");
        }
        return e;
    }

    /** The importer of {@code opType}, or null if none is registered. */
    static NodeImporter node(String opType) {
        return NODES.get(opType);
    }

    /** The operator types the importer reads, sorted. */
    public static java.util.List<String> importedOps() {
        return java.util.List.copyOf(new TreeMap<>(NODES).keySet());
    }
}
