package dev.myelin.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import java.util.List;
import java.util.Set;

/**
 * A test-only layer that plays a user's own layer: y = x ⊙ s + c, element by element, with a
 * trainable scale s and a saved, untrained shift c (a buffer), both of the input's shape.
 * Backward: ∂E/∂s = Σ_rows ∂E/∂y ⊙ x, ∂E/∂x = ∂E/∂y ⊙ s. JSON: {@code {"type": "test_scale",
 * "scale": [...], "shift": [...]}}; without values, s is drawn from U(0.5, 1.5) and c from U(−0.1, 0.1).
 * It lives only in the tests and is known to the library only through {@link LayerRegistry#register}.
 */
final class Scale implements Layer {
    static final String TYPE = "test_scale";
    private static final Set<String> KEYS = Set.of("type", "scale", "shift");

    static {
        LayerRegistry.register(TYPE, Scale::read);
    }

    /** Makes sure the type is registered (class initialization runs the registration once). */
    static void register() {}

    private final Shape shape;
    private final Parameter scale;
    private final Buffer shift;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;

    Scale(Shape shape, Matrix scale, Matrix shift) {
        this.shape = shape;
        this.scale = Parameter.of("scale", scale, false, shape);
        this.shift = new Buffer("shift", shift, shape);
    }

    static Scale read(LayerConfig c) {
        c.checkKeys(KEYS);
        int n = c.inputShape().size();
        c.reserveParameters(n);
        Matrix s = Matrix.zeros(1, n, c.precision());
        Matrix b = Matrix.zeros(1, n, c.precision());
        Rng rng = new Rng(c.seed());
        for (int i = 0; i < n; i++) {
            s.set(i, 0.5 + rng.nextDouble());
            b.set(i, 0.2 * rng.nextDouble() - 0.1);
        }
        if (c.has("scale")) {
            c.readVector("scale", n, s);
        }
        if (c.has("shift")) {
            c.readVector("shift", n, b);
        }
        return new Scale(c.inputShape(), s, b);
    }

    /** A builder spec: {@code Network.builder(4).add(Scale.spec())}. */
    static LayerSpec spec() {
        return c -> read(new LayerConfig(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                "layers[" + c.index() + "]", c.inputShape(), c.precision(), c.seed(), n -> {}));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        Layer.checkInput(this, x);
        input = x;
        output = output == null || output.capacityRows() < x.rows() || output.precision() != x.precision()
                ? Matrix.zeros(x.rows(), x.cols(), x.precision()) : output.setRows(x.rows());
        int n = x.cols();
        for (int r = 0; r < x.rows(); r++) {
            for (int j = 0; j < n; j++) {
                output.set(r, j, x.get(r, j) * scale.value().get(j) + shift.value().get(j));
            }
        }
        return output;
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        int n = shape.size();
        Matrix gs = scale.grad();
        gs.fill(0);
        gradInput = gradInput == null || gradInput.capacityRows() < gradOutput.rows()
                || gradInput.precision() != gradOutput.precision()
                ? Matrix.zeros(gradOutput.rows(), n, gradOutput.precision()) : gradInput.setRows(gradOutput.rows());
        for (int r = 0; r < gradOutput.rows(); r++) {
            for (int j = 0; j < n; j++) {
                double g = gradOutput.get(r, j);
                gs.set(j, gs.get(j) + g * input.get(r, j));
                gradInput.set(r, j, g * scale.value().get(j));
            }
        }
        return needInputGradient ? gradInput : null;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(scale);
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(shift);
    }

    @Override
    public Scale copy() {
        return new Scale(shape, scale.value().copy(), shift.value().copy());
    }

    @Override
    public void writeConfig(ObjectNode out, boolean includeWeights) {
        if (includeWeights) {
            LayerConfig.writeVector(out, "scale", scale.value());
            LayerConfig.writeVector(out, "shift", shift.value());
        }
    }

    @Override
    public Matrix lastInput() {
        return input;
    }

    @Override
    public Matrix lastOutput() {
        return output;
    }

    @Override
    public String toString() {
        return "Scale" + shape;
    }
}
