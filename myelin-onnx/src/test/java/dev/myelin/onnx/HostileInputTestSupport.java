package dev.myelin.onnx;

import dev.myelin.onnx.proto.OnnxProtos.AttributeProto;
import dev.myelin.onnx.proto.OnnxProtos.GraphProto;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.NodeProto;

/** Hostile files that take more than one edit to make. */
final class HostileInputTestSupport {
    private HostileInputTestSupport() {}

    /** A model whose graph nests {@code depth} If-subgraphs, to exhaust a parser's stack. */
    static byte[] nested(int depth) {
        GraphProto g = GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < depth; i++) {
            NodeProto n = NodeProto.newBuilder().setOpType("If").addAttribute(AttributeProto.newBuilder().setName("then_branch")
                    .setType(AttributeProto.AttributeType.GRAPH).setG(g)).build();
            g = GraphProto.newBuilder().setName("g" + i).addNode(n).build();
        }
        return ModelProto.newBuilder().setGraph(g).build().toByteArray();
    }
}
