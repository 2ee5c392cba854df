package dev.myelin.io;

import dev.myelin.Network;

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

    /** A model with the default info of {@code network} (see {@link ModelInfo#defaults}). */
    public static Model of(Network network) {
        return new Model(network, ModelInfo.defaults(network));
    }
}
