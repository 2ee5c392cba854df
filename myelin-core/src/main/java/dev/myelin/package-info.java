/**
 * Myelin's entry point: {@link dev.myelin.Network}, a feed-forward list of layers (the engine is
 * {@link dev.myelin.nn.Sequential}), built by {@link dev.myelin.NetworkBuilder}, saved by {@code save}/{@code load},
 * trained by {@code fit} (see {@link dev.myelin.train}); a {@link dev.myelin.Model} (network and info) in a
 * {@link dev.myelin.ModelFile}; and training {@link dev.myelin.Checkpoint}s. This package sits above
 * everything it ties together ({@code nn}, {@code io}, {@code optim}, {@code train}); nothing below uses it.
 */
package dev.myelin;
