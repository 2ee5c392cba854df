package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProtos.NodeProto;

/**
 * Reads one ONNX node into the network being built: registered by operator type in
 * {@link OnnxRegistry}. It throws {@link GraphReader#unsupported} (one sentence naming the node,
 * its operator and what is supported) for a use it does not understand.
 */
@FunctionalInterface
public interface NodeImporter {

    void read(NodeProto node, GraphReader reader);
}
