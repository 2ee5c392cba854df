/**
 * Files: the JSON network format ({@link dev.myelin.io.NetworkJson}, an external contract), safetensors
 * model files with their {@link dev.myelin.io.ModelInfo}, checkpoints, and atomic writes. Layers are read and
 * written through the {@link dev.myelin.layers.LayerRegistry}; nothing here knows a layer type.
 */
package dev.myelin.io;
