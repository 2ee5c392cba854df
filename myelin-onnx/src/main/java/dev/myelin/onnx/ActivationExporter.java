package dev.myelin.onnx;

import dev.myelin.activations.Activation;

/**
 * Writes a = g(z) as ONNX nodes on the current value (batch × units). Registered by
 * {@link Activation#name()} in {@link OnnxRegistry}.
 */
@FunctionalInterface
public interface ActivationExporter {

    void export(Activation activation, String prefix, GraphWriter graph);
}
