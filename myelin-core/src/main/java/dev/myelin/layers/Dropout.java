package dev.myelin.layers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Set;

/**
 * Inverted dropout (Srivastava et al. 2014; PyTorch {@code nn.Dropout(p)}, notes 003).
 *
 * <p>In training, each value is kept with probability 1 − p and scaled by 1/(1 − p), or dropped to 0:
 * y = x ⊙ m with m_i ∈ {0, 1/(1 − p)}; backward, ∂E/∂x = ∂E/∂y ⊙ m. Outside training it is the
 * identity, so nothing changes at inference. The mask comes from the layer's own seeded {@link Rng},
 * four 16-bit uniforms per draw (see {@link #drawMask}).
 *
 * <p><b>Shapes</b>: output = input, any shape; no parameters; its {@link #rng()} is the state
 * checkpoints save. <b>JSON</b>: {@code {"type": "dropout", "rate": 0.2}}.
 */
public final class Dropout implements Layer {
    /** The JSON type name. */
    public static final String TYPE = "dropout";
    private static final Set<String> KEYS = Set.of("type", "rate");

    private final Shape shape;
    private final int width;
    private final double rate;
    private final Rng rng;
    private Matrix mask;
    private Matrix input;
    private Matrix output;
    private Matrix gradInput;
    private boolean lastWasTraining;
    private Matrix fixedMask;

    /** Dropout over examples of {@code width} values, its masks drawn from {@code new Rng(seed)}. */
    public Dropout(int width, double rate, long seed) {
        this(Shape.of(width), rate, seed);
    }

    /** Dropout over examples of any shape, its masks drawn from {@code new Rng(seed)}. */
    public Dropout(Shape shape, double rate, long seed) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.shape = shape;
        this.width = shape.size();
        this.rate = rate;
        this.rng = new Rng(seed);
    }

    /** Reads {@code {"type": "dropout", "rate": p}}, 0 ≤ p < 1; the mask generator starts from the layer's seed. */
    public static Dropout read(LayerConfig c) {
        c.checkKeys(KEYS);
        double rate = c.requireNumber("rate");
        if (!(rate >= 0 && rate < 1)) {
            throw c.error("rate", "expected a rate in [0, 1), found " + rate);
        }
        return new Dropout(c.inputShape(), rate, c.seed());
    }

    @Override
    public void writeConfig(ObjectNode out, boolean includeWeights) {
        out.put("rate", rate);
    }

    /** p, the probability of dropping a value. */
    public double rate() {
        return rate;
    }

    /** The mask generator; its state is saved in checkpoints. */
    @Override
    public Rng rng() {
        return rng;
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
    public int inputs() {
        return width;
    }

    @Override
    public int outputs() {
        return width;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** {@code dropout (0.2)}. */
    @Override
    public String describe() {
        return "dropout (" + rate + ")";
    }

    /** Draws a fixed mask for {@code rows} rows from {@code rng}: keep with probability 1 − p, scaled by 1/(1 − p). */
    @Override
    public void fixNoise(Rng rng, int rows) {
        if (rate == 0) {
            return;
        }
        Matrix m = Matrix.zeros(rows, width, Precision.FLOAT64);
        double keep = 1 / (1 - rate);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextDouble() >= rate ? keep : 0);
        }
        setFixedMask(m);
    }

    @Override
    public void releaseNoise() {
        setFixedMask(null);
    }

    @Override
    public Matrix lastInput() {
        return input;
    }

    @Override
    public Matrix lastOutput() {
        return lastWasTraining ? output : input;
    }

    /**
     * Uses {@code mask} (values 0 or 1/(1 − p), batch rows × width) instead of random draws, for
     * gradient checks and worked examples; {@code null} returns to random masks.
     */
    public void setFixedMask(Matrix mask) {
        this.fixedMask = mask;
    }

    /** The mask of the last training forward pass. */
    public Matrix lastMask() {
        return mask;
    }

    @Override
    public Matrix forward(Matrix x, boolean training) {
        Layer.checkInput(this, x);
        input = x;
        lastWasTraining = training && rate > 0;
        if (!lastWasTraining) {
            return x;
        }
        int rows = x.rows();
        mask = Workspace.ensure(mask, rows, width, x.precision());
        output = Workspace.ensure(output, rows, width, x.precision());
        int n = x.size();
        if (fixedMask != null) {
            mask.copyFrom(fixedMask);
        } else {
            drawMask(n);
        }
        if (x.isFloat()) {
            float[] xs = x.floats(), ms = mask.floats(), ys = output.floats();
            for (int i = 0; i < n; i++) {
                ys[i] = xs[i] * ms[i];
            }
        } else {
            double[] xs = x.doubles(), ms = mask.doubles(), ys = output.doubles();
            for (int i = 0; i < n; i++) {
                ys[i] = xs[i] * ms[i];
            }
        }
        return output;
    }

    /**
     * Fills the first n mask values: each 64-bit draw gives four 16-bit uniforms u ∈ [0, 65536); a
     * value is kept (mask 1/(1 − p)) iff u ≥ round(p·65536), so it is kept with probability
     * 1 − round(p·65536)/65536, within 1/131072 of 1 − p.
     */
    private void drawMask(int n) {
        int threshold = dropThreshold(rate);
        double keep = 1 / (1 - rate);
        int i = 0;
        if (mask.isFloat()) {
            // the same draws and values, without a branch per value (a dropped value, one in 1/p, is a
            // branch the CPU cannot predict): the bits of 1/(1 − p) kept where u ≥ threshold, else +0
            float[] ms = mask.floats();
            int keepBits = Float.floatToRawIntBits((float) keep);
            int below = threshold - 1; // (below − u) >> 31 is all ones exactly when u ≥ threshold
            for (; i + 4 <= n; i += 4) {
                long r = rng.nextLong();
                ms[i] = Float.intBitsToFloat(keepBits & ((below - ((int) r & 0xFFFF)) >> 31));
                ms[i + 1] = Float.intBitsToFloat(keepBits & ((below - ((int) (r >>> 16) & 0xFFFF)) >> 31));
                ms[i + 2] = Float.intBitsToFloat(keepBits & ((below - ((int) (r >>> 32) & 0xFFFF)) >> 31));
                ms[i + 3] = Float.intBitsToFloat(keepBits & ((below - ((int) (r >>> 48) & 0xFFFF)) >> 31));
            }
        }
        for (; i < n; i += 4) {
            long r = rng.nextLong();
            for (int k = 0; k < 4 && i + k < n; k++) {
                int u = (int) (r >>> (16 * k)) & 0xFFFF;
                mask.set(i + k, u >= threshold ? keep : 0);
            }
        }
    }

    /** round(p·65536): the 16-bit uniforms below it are dropped. */
    public static int dropThreshold(double rate) {
        return (int) Math.round(rate * 65536);
    }

    @Override
    public Matrix backward(Matrix gradOutput, boolean needInputGradient) {
        if (!lastWasTraining) {
            return gradOutput;
        }
        gradInput = Workspace.ensure(gradInput, gradOutput.rows(), width, gradOutput.precision());
        int n = gradOutput.size();
        if (gradOutput.isFloat()) {
            float[] gs = gradOutput.floats(), ms = mask.floats(), out = gradInput.floats();
            for (int i = 0; i < n; i++) {
                out[i] = gs[i] * ms[i];
            }
        } else {
            double[] gs = gradOutput.doubles(), ms = mask.doubles(), out = gradInput.doubles();
            for (int i = 0; i < n; i++) {
                out[i] = gs[i] * ms[i];
            }
        }
        return gradInput;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Dropout copy() {
        Dropout d = new Dropout(shape, rate, 0);
        d.rng.setState(rng.state());
        return d;
    }

    @Override
    public String toString() {
        return "Dropout(" + rate + ")";
    }
}
