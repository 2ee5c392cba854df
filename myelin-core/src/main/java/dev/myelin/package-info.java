/**
 * Myelin's entry point: {@link dev.myelin.Network}, a feed-forward list of layers with its forward and
 * backward pass, built by {@link dev.myelin.NetworkBuilder}, saved by {@code save}/{@code load}, trained by
 * {@code fit} (see {@link dev.myelin.train}).
 */
package dev.myelin;
