package dev.myelin;

import dev.myelin.io.ModelInfo;
import dev.myelin.data.Scaler;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * A model whose target scaler is folded into its last layer, for a format that carries the network's
 * computation only (an ONNX graph; the JSON network format keeps the target scaler in its model_info).
 * With an identity output a = W·x + b and the unscaling ŷ = a·σ + μ per output j:
 * <pre>
 *   ŷ_j = Σ_i x_i·(W_ij·σ_j) + (b_j·σ_j + μ_j)     so   W'_ij = W_ij·σ_j,  b'_j = b_j·σ_j + μ_j
 * </pre>
 * and the folded network answers in the targets' units by itself. Shapes: W is [inputs][units], b [units].
 */
public final class TargetScalerFold {
    private TargetScalerFold() {}

    /**
     * {@code model} itself when it has no target scaler, else a copy whose last dense layer gives ŷ
     * directly and whose info has no target scaler. A model whose last layer is not a dense layer with
     * the identity activation cannot be folded (IllegalArgumentException).
     */
    public static Model fold(Model model) {
        Scaler t = model.info().targetScaler();
        if (t == null) {
            return model;
        }
        Network net = model.network();
        List<Layer> layers = new ArrayList<>(net.layers());
        int lastIndex = layers.size() - 1;
        if (lastIndex < 0 || !(layers.get(lastIndex) instanceof Dense last) || !last.activation().name().equals("identity")) {
            throw new IllegalArgumentException("the model's target scaler can only be folded into a last dense layer with the "
                    + "identity activation");
        }
        if (t.features() != last.outputs()) {
            throw new IllegalArgumentException("the model's target scaler has " + t.features() + " columns but the network gives "
                    + last.outputs() + " outputs");
        }
        double[] scale = t.scale();
        double[] offset = t.offset();
        Matrix w = last.weights().copy();
        Matrix b = last.bias().copy();
        for (int j = 0; j < last.outputs(); j++) {
            for (int i = 0; i < last.inputs(); i++) {
                w.set(i, j, w.get(i, j) * scale[j]);
            }
            b.set(0, j, b.get(0, j) * scale[j] + offset[j]);
        }
        layers.set(lastIndex, new Dense(w, b, last.activation()));
        Network folded = Network.of(net.inputs(), layers, net.precision(), net.seed());
        return new Model(folded, model.info().withTargetScaler(null));
    }
}
