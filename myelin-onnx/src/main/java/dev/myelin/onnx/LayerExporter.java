package dev.myelin.onnx;

import dev.myelin.layers.Layer;

/**
 * Writes one layer type as ONNX nodes: reads {@link GraphWriter#current()} (batch × inputs) and
 * leaves the layer's output (batch × outputs) current. Registered by the layer's
 * {@link Layer#type()} in {@link OnnxRegistry}.
 */
@FunctionalInterface
public interface LayerExporter {

    /**
     * @param layer the layer, of the type this exporter is registered for
     * @param prefix a unique name prefix for its nodes and initializers, e.g. {@code layers.2}
     */
    void export(Layer layer, String prefix, GraphWriter graph);
}
