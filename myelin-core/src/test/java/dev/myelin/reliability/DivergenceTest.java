package dev.myelin.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import dev.myelin.train.History;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingDivergedException;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose learning rate is far too high stops at the first NaN or infinity with a message naming
 * the epoch, the batch and (with {@link FiniteGuard}) the layer, and the last checkpoint written
 * before it stays complete and finite.
 */
class DivergenceTest {

    private static Network network(Precision precision) {
        return Network.builder(2).dense(8, Activation.TANH).dense(8, Activation.RELU).dense(1, Activation.SIGMOID)
                .seed(11).precision(precision).build();
    }

    private static Dataset data() {
        return Synthetic.byName("spiral", 200, 0.0, 5);
    }

    /** A learning rate of 0.1 for two epochs, then 10³⁰: the third epoch diverges. */
    private static Sgd explodingAtEpoch2() {
        Sgd sgd = new Sgd(0.1);
        sgd.schedule((base, epoch) -> epoch < 2 ? base : 1e30);
        return sgd;
    }

    @Test
    void theTrainerStopsAtTheFirstNonFiniteLossNamingEpochAndBatch() {
        Network net = network(Precision.FLOAT32);
        Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, explodingAtEpoch2()).epochs(5).batchSize(20).seed(3);
        assertThatThrownBy(() -> net.fit(data(), t))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 3, batch ")
                .hasMessageContaining("the loss is")
                .satisfies(e -> assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(2));
    }

    /**
     * With a rate of 10³⁰ the forward pass of the next batch overflows before any weight does, so
     * the first non-finite number is the loss; the trainer stops there, and
     * the trainer's message names the layer whose pre-activation overflowed first, as
     * {@link FiniteGuard#locateForward} does.
     */
    @Test
    void aLossOverflowIsTracedToItsLayer() {
        String[] expected = {
            "training diverged at epoch 3, batch 2: the loss is NaN; first non-finite value: layer 2 (dense, sigmoid):"
                    + " z = -Infinity at [0][0] (try a smaller learning rate) | layer 2 (dense, sigmoid): z = -Infinity at [0][0]",
            "training diverged at epoch 3, batch 7: the loss is NaN; first non-finite value: layer 2 (dense, sigmoid):"
                    + " z = Infinity at [0][0] (try a smaller learning rate) | layer 2 (dense, sigmoid): z = Infinity at [0][0]"};
        Precision[] precisions = {Precision.FLOAT32, Precision.FLOAT64};
        for (int k = 0; k < 2; k++) {
            Network net = network(precisions[k]);
            Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, explodingAtEpoch2()).epochs(5).batchSize(20).seed(3)
                    .listener(new FiniteGuard());
            TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                    () -> net.fit(data(), t));
            assertThat(e.getMessage() + " | " + FiniteGuard.locateForward(net)).isEqualTo(expected[k]);
        }
    }

    /**
     * A rate that overflows to infinity (a growing schedule run too long) turns the weights into
     * infinities and NaNs in the update itself: the guard stops right after that batch, naming the
     * parameter and the element, before the next forward pass.
     */
    @Test
    void theGuardNamesTheFirstNonFiniteWeight() {
        for (Precision p : Precision.values()) {
            Network net = network(p);
            Sgd sgd = new Sgd(0.1);
            sgd.schedule((base, epoch) -> epoch < 2 ? base : base * Math.pow(10, 400));
            Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, sgd).epochs(5).batchSize(20).seed(3).listener(new FiniteGuard());
            TrainingDivergedException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                    () -> net.fit(data(), t));
            assertThat(e.epoch()).isEqualTo(2);
            assertThat(e.batch()).isEqualTo(0);
            assertThat(e.getMessage()).as(p.toString())
                    .matches("training diverged at epoch 3, batch 1: the value of layers\\.0\\.weight is (NaN|-?Infinity)"
                            + " at \\[\\d+\\]\\[\\d+\\] \\(try a smaller learning rate\\)");
        }
    }

    /** The guard stops no later than the loss check: at the same batch or before. */
    @Test
    void theGuardIsNeverLaterThanTheLossCheck() {
        Network a = network(Precision.FLOAT32);
        Network b = network(Precision.FLOAT32);
        TrainingDivergedException byLoss = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> a.fit(data(), Training.of(Loss.BINARY_CROSS_ENTROPY, explodingAtEpoch2()).epochs(5).batchSize(20).seed(3)));
        TrainingDivergedException byGuard = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
                () -> b.fit(data(), Training.of(Loss.BINARY_CROSS_ENTROPY, explodingAtEpoch2()).epochs(5).batchSize(20).seed(3)
                        .listener(new FiniteGuard())));
        assertThat(byGuard.epoch() * 1000L + byGuard.batch()).isLessThanOrEqualTo(byLoss.epoch() * 1000L + byLoss.batch());
    }

    @Test
    void theLastGoodCheckpointIsKept(@TempDir Path dir) throws IOException {
        Network net = network(Precision.FLOAT32);
        Sgd sgd = explodingAtEpoch2();
        List<Integer> saved = new ArrayList<>();
        TrainingListener checkpoints = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
                try {
                    History h = new History();
                    Checkpoint.save(dir, Model.of(state.network()), state.optimizerState(), epoch + 1, h);
                    saved.add(epoch + 1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, sgd).epochs(5).batchSize(20).seed(3)
                .listener(new FiniteGuard()).listener(checkpoints);
        assertThatThrownBy(() -> net.fit(data(), t)).isInstanceOf(TrainingDivergedException.class);
        assertThat(saved).containsExactly(1, 2);

        Checkpoint.Resumed r = Checkpoint.load(dir, new Sgd(0.1));
        assertThat(r.epochsDone()).isEqualTo(2);
        for (Map.Entry<String, Parameter> e : r.model().network().namedParameters().entrySet()) {
            assertThat(FiniteGuard.firstNonFinite(e.getValue().value())).as(e.getKey()).isEqualTo(-1);
        }
    }
}
