package dev.myelin.onnx;

import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import java.util.List;

/**
 * A {@link Dense} layer as {@code Gemm}: Y = A·B + C with A the batch (rows × inputs), B = W
 * ([inputs, units], as Myelin stores it, so transB = 0) and C = b ([units], broadcast over rows; a
 * layer without bias gives a Gemm without C, which ONNX allows from opset 11);
 * then the activation's nodes (see {@link OnnxRegistry#activation}).
 */
final class DenseExporter implements LayerExporter {

    @Override
    public void export(Layer layer, String prefix, GraphWriter graph) {
        Dense dense = (Dense) layer;
        Matrix w = dense.weights();
        String weight = graph.constant(prefix + ".weight", new long[] {w.rows(), w.cols()}, values(w));
        if (dense.hasBias()) {
            String bias = graph.constant(prefix + ".bias", new long[] {w.cols()}, values(dense.bias()));
            graph.apply("Gemm", prefix + ".z", List.of(weight, bias));
        } else {
            graph.apply("Gemm", prefix + ".z", List.of(weight));
        }
        OnnxRegistry.activation(dense.activation().name()).export(dense.activation(), prefix, graph);
    }

    private static double[] values(Matrix m) {
        double[] out = new double[m.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(i);
        }
        return out;
    }
}
