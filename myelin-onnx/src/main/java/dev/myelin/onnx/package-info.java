/**
 * ONNX export and import: {@link dev.myelin.onnx.OnnxFile} writes a Myelin model as an ONNX inference
 * graph and reads multilayer perceptrons exported by PyTorch or Myelin; {@link dev.myelin.onnx.OnnxRegistry}
 * maps layer types, activation names and ONNX operators to their exporters and importers.
 */
package dev.myelin.onnx;
