package dev.myelin.layers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps the {@code "type"} names of the JSON network format to layer factories, like Keras's
 * registered objects. {@code dense} and {@code dropout} are built in; a user's own layer becomes
 * saveable and loadable (JSON and model files) by one call:
 * <pre>{@code
 * LayerRegistry.register("my_scale", Scale::read);
 * }</pre>
 * The registry is global and safe to use from several threads.
 */
public final class LayerRegistry {
    private static final Map<String, LayerType> TYPES = new ConcurrentHashMap<>();
    private static final List<String> BUILT_IN = new CopyOnWriteArrayList<>();

    static {
        builtIn(Dense.TYPE, Dense::read);
        builtIn(Dropout.TYPE, Dropout::read);
    }

    private static void builtIn(String type, LayerType factory) {
        TYPES.put(type, factory);
        BUILT_IN.add(type);
    }

    private LayerRegistry() {}

    /**
     * Registers {@code factory} under {@code type}. Registering the same factory twice is harmless;
     * a different factory for a name already taken is an error.
     */
    public static void register(String type, LayerType factory) {
        if (type == null || !type.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a layer type name must be lower case letters, digits and _, "
                    + "starting with a letter, got \"" + type + "\"");
        }
        LayerType before = TYPES.putIfAbsent(type, factory);
        if (before != null && before != factory) {
            throw new IllegalArgumentException("the layer type \"" + type + "\" is already registered");
        }
    }

    /** The factory for {@code type}, or null if none is registered. */
    public static LayerType get(String type) {
        return TYPES.get(type);
    }

    /** The types that come with Myelin: {@code dense}, {@code dropout}. */
    public static List<String> builtInTypes() {
        return List.copyOf(BUILT_IN);
    }

    /** The registered type names, sorted. */
    public static List<String> types() {
        return TYPES.keySet().stream().sorted().toList();
    }
}
