package dev.myelin.layers;

/**
 * Builds one type of layer from its JSON configuration: the factory a {@link LayerRegistry} keeps
 * under the layer's {@code "type"} name. The layer writes itself back with
 * {@link Layer#writeConfig}; reading what it wrote must give the same layer, bit for bit.
 */
@FunctionalInterface
public interface LayerType {
    /**
     * A new layer from {@code config}: validates every key (unknown keys, wrong types and values
     * that do not fit are {@link LayerFormatException}s naming the JSON path), and takes the
     * weights from the configuration when present, otherwise initializes them from
     * {@link LayerConfig#seed()}.
     */
    Layer read(LayerConfig config);
}
