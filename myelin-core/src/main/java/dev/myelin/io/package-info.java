/**
 * File formats over the engine ({@link dev.myelin.nn.Sequential}): the JSON network format
 * ({@link dev.myelin.io.NetworkJson}, an external contract), the safetensors layout
 * ({@link dev.myelin.io.SafeTensors}), a model's {@link dev.myelin.io.ModelInfo}, and atomic writes.
 * Model files and checkpoints, which hand back a {@link dev.myelin.Network}, are composed from these one
 * package up ({@link dev.myelin.ModelFile}, {@link dev.myelin.Checkpoint}). Layers are read and written
 * through the {@link dev.myelin.layers.LayerRegistry}; nothing here knows a layer type.
 */
package dev.myelin.io;
