package dev.myelin.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.data.Scaler;
import dev.myelin.Model;
import dev.myelin.io.ModelInfo;
import dev.myelin.layers.Layer;
import dev.myelin.onnx.proto.OnnxProtos.ModelProto;
import dev.myelin.onnx.proto.OnnxProtos.OperatorSetIdProto;
import dev.myelin.onnx.proto.OnnxProtos.StringStringEntryProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Myelin model as an ONNX inference graph:
 * <pre>
 *   input [batch, F] ─▶ Sub(offset) ─▶ Div(scale) ─▶ Gemm ─▶ g ─▶ … ─▶ Gemm ─▶ g ─▶ output [batch, K]
 * </pre>
 * A model trained on feature crosses takes the raw (x1, x2): the crosses come first, as
 * {@link FeatureCrosses} writes them.
 * The scaler x' = (x − offset)/scale is written as nodes, so the ONNX model takes raw features; each
 * layer goes through its {@link LayerExporter} (found by {@link Layer#type()}), dropout writes
 * nothing; the output is what {@link Network#predict} returns (softmax probabilities, sigmoid
 * probabilities, or the regression values, in the targets' units: a target scaler is folded into the last
 * layer by {@link dev.myelin.TargetScalerFold}). Tensors are float32. The opset is 13, or 20 when a
 * {@code Gelu} node is present. Class names, feature names, task, provenance and the whole
 * {@link ModelInfo} go into {@code metadata_props}.
 */
final class OnnxExporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxExporter() {}

    static ModelProto export(Model model) {
        model = dev.myelin.TargetScalerFold.fold(model); // a regression target scaler goes into the last layer
        Network network = model.network();
        ModelInfo info = model.info();
        List<String> crosses = info.featureCrosses();
        if (!crosses.isEmpty() && crosses.size() != network.inputs()) {
            throw new IllegalArgumentException("the model has " + crosses.size() + " feature crosses but the network takes "
                    + network.inputs() + " inputs");
        }
        GraphWriter graph = new GraphWriter(crosses.isEmpty() ? network.inputs() : 2);
        FeatureCrosses.export(crosses, graph);
        Scaler scaler = info.scaler();
        if (scaler != null && scaler.kind() != Scaler.Kind.NONE) {
            if (scaler.features() != network.inputs()) {
                throw new IllegalArgumentException("the model's scaler has " + scaler.features()
                        + " columns but the network takes " + network.inputs() + " inputs");
            }
            long[] shape = {scaler.features()};
            graph.apply("Sub", "scaler.centered", List.of(graph.constant("scaler.offset", shape, scaler.offset())));
            graph.apply("Div", "scaler.scaled", List.of(graph.constant("scaler.scale", shape, scaler.scale())));
        }
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            OnnxRegistry.layer(layer.type()).export(layer, "layers." + i, graph);
        }
        var proto = graph.finish(network.outputs());
        int opset = graph.opset();
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(opset >= OnnxFile.OPSET_GELU ? 9 : 7)
                .setProducerName("myelin")
                .setProducerVersion(OnnxFile.libraryVersion())
                .setDocString("A Myelin " + info.task() + " network exported for inference (dropout left out)")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(proto);
        metadata(info).forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /** The metadata_props: task, class_names and feature_names (JSON arrays), provenance.*, myelin.info. */
    static Map<String, String> metadata(ModelInfo info) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("task", info.task());
        try {
            if (!info.classNames().isEmpty()) {
                meta.put("class_names", JSON.writeValueAsString(info.classNames()));
            }
            if (!info.featureNames().isEmpty()) {
                meta.put("feature_names", JSON.writeValueAsString(info.featureNames()));
            }
            info.provenance().forEach((k, v) -> meta.put("provenance." + k, v));
            meta.put(OnnxFile.INFO_KEY, JSON.writeValueAsString(info.toJson()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model info as JSON", e);
        }
        return meta;
    }
}
