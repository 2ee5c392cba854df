package dev.myelin.onnx;

/**
 * Bounds on what an ONNX file may ask the importer to build, checked before anything is allocated
 * for it: the file size (before reading), the number of nodes and initializers, the elements of one
 * tensor and of all tensors (each tensor's dims are checked against the bytes it really carries).
 *
 * @param maxBytes the largest file read
 * @param maxNodes the most graph nodes
 * @param maxTensors the most initializers and Constant nodes
 * @param maxTensorElements the most elements of one tensor
 * @param maxTotalElements the most elements of all constant tensors together
 */
public record OnnxLimits(long maxBytes, int maxNodes, int maxTensors, long maxTensorElements, long maxTotalElements) {

    /** 1 GiB files, 10 000 nodes, 10 000 tensors, 2²⁸ elements per tensor and in all. */
    public static final OnnxLimits DEFAULT = new OnnxLimits(1L << 30, 10_000, 10_000, 1L << 28, 1L << 28);

    public OnnxLimits {
        if (maxBytes < 1 || maxNodes < 1 || maxTensors < 1 || maxTensorElements < 1 || maxTotalElements < 1) {
            throw new IllegalArgumentException("ONNX limits must be positive");
        }
        // protobuf messages are at most 2 GiB
        maxBytes = Math.min(maxBytes, Integer.MAX_VALUE - 8);
    }
}
