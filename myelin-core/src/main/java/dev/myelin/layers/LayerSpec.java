package dev.myelin.layers;

import dev.myelin.init.Initializer;
import dev.myelin.tensor.Precision;

/**
 * A layer to be built once the builder knows where it goes: its index, the shape it receives, the
 * precision and its seed. {@code NetworkBuilder.add(spec)} takes any layer this way, e.g.
 * {@code builder.add(c -> new Dropout(c.inputShape(), 0.2, c.seed()))}.
 */
@FunctionalInterface
public interface LayerSpec {

    /** Builds the layer for {@code context}; errors name {@code context.index()}. */
    Layer build(Context context);

    /**
     * Where a layer is built.
     *
     * @param index the layer's position in the network, from 0
     * @param inputShape the per-example shape it receives
     * @param precision the precision of its tensors
     * @param seed its own seed (derived from the network seed and the index)
     * @param initializer the builder's initializer for layers that name none, or null for the layer's default
     */
    record Context(int index, Shape inputShape, Precision precision, long seed, Initializer initializer) {}
}
