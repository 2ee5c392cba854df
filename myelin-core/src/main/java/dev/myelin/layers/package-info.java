/**
 * The layer contract ({@link dev.myelin.layers.Layer}): shapes, named parameters and buffers, forward and
 * backward side by side, configuration to and from JSON, and the recorded numbers {@code explain} shows; the
 * {@link dev.myelin.layers.LayerRegistry} of type names; the built-in layers {@link dev.myelin.layers.Dense}
 * and {@link dev.myelin.layers.Dropout}. A new layer type is its own file, one registration and one entry in
 * the shared layer-contract test.
 */
package dev.myelin.layers;
