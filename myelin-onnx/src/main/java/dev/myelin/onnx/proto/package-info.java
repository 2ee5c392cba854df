/**
 * The ONNX protobuf messages ({@code OnnxProtos}), generated at build time by protoc from
 * {@code src/main/proto/onnx.proto}; internal to myelin-onnx.
 */
package dev.myelin.onnx.proto;
