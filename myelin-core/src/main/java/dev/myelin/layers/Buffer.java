package dev.myelin.layers;

import dev.myelin.tensor.Matrix;

/**
 * A named tensor a layer keeps but does not train, such as a batch norm's running mean: saved in
 * model files and checkpoints beside the parameters (as {@code layers.{i}.{name}}), never touched by
 * an optimizer.
 *
 * @param name the tensor's name within its layer
 * @param value the values, in the network's precision
 * @param shape the tensor's shape in model files; its size equals {@code value.size()}
 */
public record Buffer(String name, Matrix value, Shape shape) {
    public Buffer {
        if (shape.size() != value.size()) {
            throw new IllegalArgumentException(name + ": shape " + shape + " does not hold " + value.size() + " values");
        }
    }
}
