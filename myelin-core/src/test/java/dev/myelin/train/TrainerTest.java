package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.LearningRateSchedule;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The training loop: batching, seeded shuffling, validation, history, listeners, precision, determinism. */
class TrainerTest {
    static final Dataset GAUSS = Synthetic.gauss(40, 10, 3);

    static Network net(Precision precision) {
        return Network.builder(2).dense(5, Activation.TANH).dense(1, Activation.SIGMOID).seed(7).precision(precision).build();
    }

    static double[] weights(Network net) {
        List<Double> all = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                all.add(p.value().get(i));
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Records every event as a string. */
    static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public void onTrainBegin(TrainingState state) {
            events.add("begin " + state.batchesPerEpoch());
        }

        @Override
        public void onEpochBegin(TrainingState state, int epoch) {
            events.add("epoch " + epoch);
        }

        @Override
        public void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {
            events.add("batch " + epoch + "." + batch);
            batchSizes.add(batchSize);
        }

        @Override
        public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
            events.add("end " + epoch);
        }

        @Override
        public void onTrainEnd(TrainingState state, History history) {
            events.add("finish " + history.epochs());
        }
    }

    @ParameterizedTest(name = "batch size {0}: {1} steps per epoch")
    @CsvSource({"1, 40", "40, 1", "100, 1", "16, 3", "13, 4"})
    void stepsPerEpochFollowTheBatchSize(int batchSize, int steps) {
        Recorder r = new Recorder();
        Sgd sgd = new Sgd(0.1);
        long[] optimizerSteps = new long[1];
        TrainingListener count = new TrainingListener() {
            @Override
            public void onTrainEnd(TrainingState state, History history) {
                optimizerSteps[0] = state.optimizerState().steps();
            }
        };
        net(Precision.FLOAT64).fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, sgd).epochs(3).batchSize(batchSize).listener(r)
                .listener(count));
        assertThat(r.batchSizes).hasSize(3 * steps);
        assertThat(optimizerSteps[0]).isEqualTo(3L * steps);
        // every example is seen once per epoch; only the last batch may be partial
        assertThat(r.batchSizes.subList(0, steps).stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
        assertThat(r.batchSizes.get(0)).isEqualTo(Math.min(batchSize, 40));
        assertThat(r.batchSizes.get(steps - 1)).isEqualTo(40 - (steps - 1) * Math.min(batchSize, 40));
    }

    @Test
    void listenersSeeEventsInOrder() {
        Recorder r = new Recorder();
        net(Precision.FLOAT64).fit(GAUSS.slice(0, 6), Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.1)).epochs(2).batchSize(4)
                .listener(r));
        assertThat(r.events).containsExactly("begin 2", "epoch 0", "batch 0.0", "batch 0.1", "end 0",
                "epoch 1", "batch 1.0", "batch 1.1", "end 1", "finish 2");
        assertThat(r.batchSizes).containsExactly(4, 2, 4, 2);
    }

    @Test
    void shufflingIsSeeded() {
        double[] a = train(Precision.FLOAT64, 1, true);
        double[] b = train(Precision.FLOAT64, 1, true);
        double[] c = train(Precision.FLOAT64, 2, true);
        assertThat(a).containsExactly(b);
        assertThat(Arrays.equals(a, c)).isFalse();
        // without shuffling the seed plays no part
        assertThat(train(Precision.FLOAT64, 1, false)).containsExactly(train(Precision.FLOAT64, 2, false));
    }

    static double[] train(Precision precision, long shuffleSeed, boolean shuffle) {
        Network n = net(precision);
        n.fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.02)).epochs(5).batchSize(8).seed(shuffleSeed)
                .shuffle(shuffle));
        return weights(n);
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsInBothPrecisions() {
        for (Precision p : Precision.values()) {
            double[] first = train(p, 9, true);
            double[] second = train(p, 9, true);
            for (int i = 0; i < first.length; i++) {
                assertThat(Double.doubleToRawLongBits(second[i])).isEqualTo(Double.doubleToRawLongBits(first[i]));
            }
        }
    }

    @Test
    void float32AndFloat64AgreeClosely() {
        double[] f32 = train(Precision.FLOAT32, 9, true);
        double[] f64 = train(Precision.FLOAT64, 9, true);
        double[] initial = weights(net(Precision.FLOAT64));
        double moved = 0, diff = 0;
        for (int i = 0; i < f64.length; i++) {
            moved = Math.max(moved, Math.abs(f64[i] - initial[i]));
            diff = Math.max(diff, Math.abs(f32[i] - f64[i]));
        }
        assertThat(moved).isGreaterThan(0.05); // training really moved the weights
        assertThat(diff).isLessThan(1e-4);     // float32 rounding (~6e-8 relative) stays small
    }

    @Test
    void validationSetIsLoggedEveryEpoch() {
        Dataset val = Synthetic.gauss(30, 10, 4);
        Network n = net(Precision.FLOAT64);
        History h = n.fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(4).batchSize(10).validation(val));
        assertThat(h.metrics()).containsExactly("loss", "accuracy", "val_loss", "val_accuracy", "lr");
        assertThat(h.series("val_loss")).hasSize(4);
        Trainer.Evaluation v = Trainer.evaluate(n, val, Loss.BINARY_CROSS_ENTROPY);
        assertThat(h.last("val_loss").getAsDouble()).isEqualTo(v.loss());
        assertThat(h.last("val_accuracy").getAsDouble()).isEqualTo(v.accuracy());
        assertThat(h.epoch(3)).containsEntry("val_loss", h.series("val_loss")[3]);
    }

    @Test
    void validationSplitHoldsOutASeededFraction() {
        Recorder r = new Recorder();
        Network n = net(Precision.FLOAT64);
        History h = n.fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(3).batchSize(10)
                .validationSplit(0.25).seed(5).listener(r));
        // 40 examples, 10 held out: 30 left, 3 batches of 10
        assertThat(r.events.get(0)).isEqualTo("begin 3");
        Dataset held = GAUSS.split(0.25, 5L)[1];
        assertThat(held.size()).isEqualTo(10);
        assertThat(h.last("val_loss").getAsDouble()).isEqualTo(Trainer.evaluate(n, held, Loss.BINARY_CROSS_ENTROPY).loss());
        assertThat(h.series("val_accuracy")).hasSize(3);
    }

    @Test
    void historySeriesAndTheScheduledLearningRate() {
        History h = net(Precision.FLOAT64).fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY,
                new Sgd(0.4).schedule(LearningRateSchedule.step(2, 0.5))).epochs(6).batchSize(40).shuffle(false));
        assertThat(h.epochs()).isEqualTo(6);
        assertThat(h.series("lr")).containsExactly(0.4, 0.4, 0.2, 0.2, 0.1, 0.1);
        double[] loss = h.series("loss");
        for (int e = 1; e < loss.length; e++) {
            assertThat(loss[e]).as("full-batch gradient descent lowers the loss, epoch %d", e).isLessThan(loss[e - 1]);
        }
        assertThat(h.last("loss").getAsDouble()).isEqualTo(loss[5]);
        assertThat(h.series("val_loss")).containsOnly(Double.NaN);
        assertThat(h.last("val_loss")).isEmpty();
        assertThat(h.stopReason()).isEmpty();
    }

    @Test
    void fullBatchLossIsTheLossBeforeTheStep() {
        // with one batch per epoch, the logged loss and accuracy are those of the weights at the start
        // of the epoch (running means measured before each batch's update, as Keras logs them)
        Network n = net(Precision.FLOAT64);
        Trainer.Evaluation before = Trainer.evaluate(n, GAUSS, Loss.BINARY_CROSS_ENTROPY);
        History h = n.fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.1)).epochs(1).batchSize(40));
        assertThat(h.series("loss")[0]).isCloseTo(before.loss(), within(1e-14));
        assertThat(h.series("accuracy")[0]).isEqualTo(before.accuracy());
    }

    @Test
    void aLossThatStopsMidEpochIsAveragedOverTheExamplesSeen() {
        List<Double> batchLosses = new ArrayList<>();
        TrainingListener stopAfterFirst = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {
                batchLosses.add(loss);
                state.stop("enough");
            }
        };
        History h = net(Precision.FLOAT64).fit(GAUSS, Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.1)).epochs(3).batchSize(10)
                .listener(stopAfterFirst));
        assertThat(batchLosses).hasSize(1);
        assertThat(h.epochs()).isEqualTo(1);
        assertThat(h.series("loss")[0]).isEqualTo(batchLosses.get(0));
        assertThat(h.stopReason()).isEqualTo("enough");
    }

    @Test
    void divergenceIsReported() {
        Dataset d = Dataset.of(new double[][] {{1e3, 1e3}}, new double[][] {{1e3}});
        Network n = Network.builder(2).dense(1, Activation.IDENTITY).precision(Precision.FLOAT64).build();
        assertThatThrownBy(() -> n.fit(d, Training.of(Loss.MSE, new Sgd(1e3)).epochs(50).batchSize(1)))
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("smaller learning rate");
    }

    @Test
    void rejectsDataThatDoesNotFit() {
        Dataset three = Dataset.of(new double[][] {{1, 2, 3}}, new double[][] {{1}});
        assertThatThrownBy(() -> net(Precision.FLOAT64).fit(three, Training.of(Loss.MSE, new Sgd(0.1))))
                .hasMessageContaining("3 features").hasMessageContaining("expects 2");
        assertThatThrownBy(() -> Training.of(Loss.MSE, new Sgd(0.1)).batchSize(0)).hasMessageContaining("batch size");
    }
}
