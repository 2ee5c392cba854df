package dev.myelin;

import dev.myelin.io.ModelInfo;
import dev.myelin.nn.Sequential;

/**
 * A trained network with what a model file keeps beside its weights (task, names, scaler,
 * provenance).
 *
 * @param network the network, weights included
 * @param info the description saved with it
 */
public record Model(Network network, ModelInfo info) {
    public Model {
        if (network == null || info == null) {
            throw new IllegalArgumentException("a model needs a network and its info");
        }
    }

    /**
     * A model with the default info of {@code network} (see {@link ModelInfo#defaults}); a
     * {@code Sequential} that is not a {@link Network} is wrapped by {@link Network#of(Sequential)},
     * sharing its layers (so a training listener can save {@code Model.of(state.network())}).
     */
    public static Model of(Sequential network) {
        return new Model(Network.of(network), ModelInfo.defaults(network));
    }
}
