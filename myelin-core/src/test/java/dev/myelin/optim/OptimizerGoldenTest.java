package dev.myelin.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays PyTorch's optimizer trajectories ({@code tools/golden/optimizers.py}, resource
 * {@code golden/optimizers.json}): the same float64 3-4-2 network (tanh, identity output, MSE, one
 * fixed batch), the same hyperparameters, and every parameter after every step must agree to
 * 1e-12 relative to the parameter tensor's scale. Gradients change at every step, so the moment
 * buffers, bias corrections, clipping and schedules are all exercised along the way.
 */
class OptimizerGoldenTest {
    static final double TOLERANCE = 1e-12;
    static final double FLOAT32_TOLERANCE = 5e-5; // measured worst 8e-6 (Adam with a schedule)
    static final JsonNode GOLDEN = load();

    static JsonNode load() {
        try (InputStream in = OptimizerGoldenTest.class.getResourceAsStream("/golden/optimizers.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> cases() {
        List<String> names = new ArrayList<>();
        GOLDEN.get("cases").forEach(c -> names.add(c.get("name").asText()));
        return names.stream();
    }

    static JsonNode golden(String name) {
        for (JsonNode c : GOLDEN.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no golden case " + name);
    }

    static double[][] matrix(JsonNode node) {
        double[][] m = new double[node.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(node.get(i));
        }
        return m;
    }

    static double[] vector(JsonNode node) {
        double[] v = new double[node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asDouble();
        }
        return v;
    }

    /** The golden model: the torch Linear weights transposed into [inputs][units]. */
    static Network model(Precision precision) {
        JsonNode m = GOLDEN.get("model");
        return Network.builder(3)
                .dense(matrix(m.get("w0")), vector(m.get("b0")), Activation.TANH)
                .dense(matrix(m.get("w1")), vector(m.get("b1")), Activation.IDENTITY)
                .precision(precision)
                .build();
    }

    /** The optimizer a golden case describes, built through the public API. */
    static Optimizer optimizerFor(JsonNode c) {
        double lr = c.get("lr").asDouble();
        Optimizer o = switch (c.get("optimizer").asText()) {
            case "sgd" -> new Sgd(lr);
            case "momentum" -> new Momentum(lr, c.get("momentum").asDouble());
            case "nesterov" -> new Momentum(lr, c.get("momentum").asDouble(), true);
            case "adam" -> c.has("beta1")
                    ? new Adam(lr, c.get("beta1").asDouble(), c.get("beta2").asDouble(), c.get("eps").asDouble())
                    : new Adam(lr);
            case "adamw" -> c.has("beta1")
                    ? new AdamW(lr, c.get("beta1").asDouble(), c.get("beta2").asDouble(), c.get("eps").asDouble(),
                            c.get("weight_decay").asDouble())
                    : new AdamW(lr);
            case "adagrad" -> c.has("eps") ? new Adagrad(lr, c.get("eps").asDouble()) : new Adagrad(lr);
            case "rmsprop" -> c.has("alpha")
                    ? new RmsProp(lr, c.get("alpha").asDouble(), c.get("eps").asDouble())
                    : new RmsProp(lr);
            case "adadelta" -> c.has("rho")
                    ? new Adadelta(lr, c.get("rho").asDouble(), c.get("eps").asDouble())
                    : new Adadelta(lr);
            default -> throw new IllegalArgumentException(c.get("optimizer").asText());
        };
        if (c.has("l2")) {
            o.l2(c.get("l2").asDouble());
        }
        if (c.has("clip_norm")) {
            o.clipNorm(c.get("clip_norm").asDouble());
        }
        if (c.has("schedule")) {
            o.schedule(scheduleFor(c));
        }
        return o;
    }

    static LearningRateSchedule scheduleFor(JsonNode c) {
        return switch (c.get("schedule").asText()) {
            case "step" -> LearningRateSchedule.step(c.get("step_size").asInt(), c.get("gamma").asDouble());
            case "exponential" -> LearningRateSchedule.exponential(c.get("gamma").asDouble());
            case "cosine" -> LearningRateSchedule.cosine(c.get("t_max").asInt(), c.get("eta_min").asDouble());
            default -> throw new IllegalArgumentException(c.get("schedule").asText());
        };
    }

    /**
     * Runs {@code optimizer} along golden case {@code c} and returns the largest error of any parameter
     * at any step, relative to max(1e-3, the largest |value| of that golden tensor at that step).
     * Also checks the loss at every step and the learning rate of every epoch.
     */
    static double replay(JsonNode c, Optimizer optimizer) {
        return replay(c, optimizer, Precision.FLOAT64);
    }

    /** {@link #replay(JsonNode, Optimizer)} with the network (and so the optimizer's state) in {@code precision}. */
    static double replay(JsonNode c, Optimizer optimizer, Precision precision) {
        Network net = model(precision);
        JsonNode m = GOLDEN.get("model");
        Matrix x = Matrix.of(matrix(m.get("x")), Precision.FLOAT64);
        Matrix y = Matrix.of(matrix(m.get("y")), Precision.FLOAT64);
        Map<String, Parameter> params = net.namedParameters();
        int perEpoch = c.has("steps_per_epoch") ? c.get("steps_per_epoch").asInt() : Integer.MAX_VALUE;
        JsonNode trajectory = c.get("trajectory");
        double worst = 0;
        OptimizerState state = optimizer.start(net);
        for (int step = 0; step < trajectory.size(); step++) {
            if (c.has("rates") && step % perEpoch == 0) {
                int epoch = step / perEpoch;
                state.setEpoch(epoch);
                double want = c.get("rates").get(epoch).asDouble();
                worst = Math.max(worst, Math.abs(state.learningRate() - want) / want);
            }
            double loss = net.computeGradients(x, y, Loss.MSE);
            double wantLoss = c.get("losses").get(step).asDouble();
            worst = Math.max(worst, Math.abs(loss - wantLoss) / Math.abs(wantLoss));
            state.step();
            JsonNode snapshot = trajectory.get(step);
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                JsonNode want = snapshot.get(e.getKey());
                double[] flat = want.get(0).isArray() ? flatten(matrix(want)) : vector(want);
                Matrix got = e.getValue().value();
                double scale = 1e-3;
                for (double v : flat) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int i = 0; i < flat.length; i++) {
                    worst = Math.max(worst, Math.abs(got.get(i) - flat[i]) / scale);
                }
            }
        }
        return worst;
    }

    static double[] flatten(double[][] m) {
        return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorchAtEveryStep(String name) {
        JsonNode c = golden(name);
        double error = replay(c, optimizerFor(c));
        assertThat(error).as("largest relative error along %s", name).isLessThan(TOLERANCE);
    }

    /**
     * The same trajectories in float32, which takes the kernels' SIMD update loops where they exist:
     * they must follow PyTorch's float64 path to within float32 rounding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32FollowsPyTorchWithinFloatRounding(String name) {
        JsonNode c = golden(name);
        double error = replay(c, optimizerFor(c), Precision.FLOAT32);
        assertThat(error).as("largest relative error along %s in float32", name).isLessThan(FLOAT32_TOLERANCE);
    }

    @Test
    void theGoldenTrajectoriesActuallyMove() {
        // a golden file where nothing moves would prove nothing: every case must change the weights
        for (JsonNode c : GOLDEN.get("cases")) {
            double first = c.get("trajectory").get(0).get("layers.0.weight").get(0).get(0).asDouble();
            double last = c.get("trajectory").get(c.get("trajectory").size() - 1).get("layers.0.weight").get(0).get(0)
                    .asDouble();
            double initial = GOLDEN.get("model").get("w0").get(0).get(0).asDouble();
            assertThat(Math.abs(first - initial)).as(c.get("name").asText()).isGreaterThan(1e-5);
            assertThat(Math.abs(last - first)).as(c.get("name").asText()).isGreaterThan(1e-5);
        }
        // and the clipping cases must really clip: the unclipped gradient norm exceeds the bound
        assertThat(GOLDEN.get("model").get("initial_gradient_norm").asDouble())
                .isGreaterThan(golden("sgd_clip").get("clip_norm").asDouble() * 5);
    }

    /**
     * Adam's bias correction inverted (m̂ = m·(1 − β₁ᵗ) instead of m/(1 − β₁ᵗ), the Tribuo bug's kind):
     * the golden replay must reject it by a wide margin, so the test above would catch the bug.
     */
    @Test
    void aMultiplyingAdamFailsTheGoldenTest() {
        for (String name : List.of("adam_default", "adam")) {
            JsonNode c = golden(name);
            double lr = c.get("lr").asDouble();
            Supplier<Optimizer> broken = c.has("beta1")
                    ? () -> new InvertedBiasCorrectionAdam(lr, c.get("beta1").asDouble(), c.get("beta2").asDouble(),
                            c.get("eps").asDouble())
                    : () -> new InvertedBiasCorrectionAdam(lr, 0.9, 0.999, 1e-8);
            assertThat(replay(c, broken.get())).as(name).isGreaterThan(1e-4);
            assertThat(replay(c, broken.get(), Precision.FLOAT32)).as(name).isGreaterThan(1e-4);
            assertThat(replay(c, optimizerFor(c))).as(name).isLessThan(TOLERANCE);
        }
    }

    /** A deliberately wrong Adam: multiplies by the bias corrections where Adam divides. */
    static final class InvertedBiasCorrectionAdam extends Optimizer {
        private final double beta1, beta2, eps;

        InvertedBiasCorrectionAdam(double lr, double beta1, double beta2, double eps) {
            super(lr);
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.eps = eps;
        }

        @Override
        public String name() {
            return "broken-adam";
        }

        @Override
        protected int slotCount() {
            return 2;
        }

        @Override
        protected void update(Parameter p, Matrix[] slots, long t, double lr) {
            Matrix w = p.value(), g = p.grad(), m = slots[0], v = slots[1];
            for (int i = 0; i < w.size(); i++) {
                double gi = g.get(i);
                double mi = beta1 * m.get(i) + (1 - beta1) * gi;
                double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
                m.set(i, mi);
                v.set(i, vi);
                double mHat = mi * (1 - Math.pow(beta1, t));
                double vHat = vi * (1 - Math.pow(beta2, t));
                w.set(i, w.get(i) - lr * mHat / (Math.sqrt(vHat) + eps));
            }
        }
    }

    /**
     * Each schedule against torch's scheduler over 12 epochs (base rate 0.1). CosineAnnealingLR: equal
     * on epochs 0..T; after T torch's curve rises again (it is periodic with period 2T), while Myelin's
     * holds η_min, as {@link LearningRateSchedule#cosine} documents.
     */
    @Test
    void schedulesMatchTorchSchedulersPerEpoch() {
        for (JsonNode s : GOLDEN.get("schedules")) {
            double base = s.get("base").asDouble();
            double[] want = vector(s.get("rates"));
            String kind = s.get("schedule").asText();
            LearningRateSchedule schedule = switch (kind) {
                case "step" -> LearningRateSchedule.step(s.get("step_size").asInt(), s.get("gamma").asDouble());
                case "exponential" -> LearningRateSchedule.exponential(s.get("gamma").asDouble());
                case "cosine" -> LearningRateSchedule.cosine(s.get("t_max").asInt(), s.get("eta_min").asDouble());
                default -> throw new IllegalArgumentException(kind);
            };
            int comparable = kind.equals("cosine") ? s.get("t_max").asInt() + 1 : want.length;
            for (int e = 0; e < comparable; e++) {
                assertThat(schedule.rate(base, e)).as("%s epoch %d", kind, e).isCloseTo(want[e], within(1e-12 * want[e]));
            }
            if (kind.equals("cosine")) {
                double etaMin = s.get("eta_min").asDouble();
                for (int e = comparable; e < want.length; e++) {
                    assertThat(schedule.rate(base, e)).isEqualTo(etaMin);
                    assertThat(want[e]).isGreaterThan(etaMin); // torch restarts climbing
                }
            }
        }
        // the hand-written values behind the torch numbers: StepLR(3, 0.5) at epoch 7 is 0.1·0.5² = 0.025,
        // ExponentialLR(0.9) at epoch 2 is 0.1·0.81 = 0.081, cosine(7, 0.002) at epoch 7 is η_min
        assertThat(LearningRateSchedule.step(3, 0.5).rate(0.1, 7)).isCloseTo(0.025, within(1e-17));
        assertThat(LearningRateSchedule.exponential(0.9).rate(0.1, 2)).isCloseTo(0.081, within(1e-16));
        assertThat(LearningRateSchedule.cosine(7, 0.002).rate(0.1, 7)).isCloseTo(0.002, within(1e-17));
    }
}
