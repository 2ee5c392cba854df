package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Optimizer;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The step-wise loop, per-fit optimizer state and the data-parallel seam. */
class TrainingRunTest {
    static final Dataset DATA = TrainerTest.GAUSS;

    static Training training(Optimizer optimizer) {
        return Training.of(Loss.BINARY_CROSS_ENTROPY, optimizer).epochs(4).batchSize(6).validationSplit(0.25);
    }

    @Test
    void steppingByHandGivesTheSameWeightsAndHistoryAsFit() {
        Network a = TrainerTest.net(Precision.FLOAT64);
        History fitted = a.fit(DATA, training(new Adam(0.05)));

        Network b = TrainerTest.net(Precision.FLOAT64);
        TrainingRun run = new Trainer(b, training(new Adam(0.05))).start(DATA);
        List<Map<String, Double>> closed = new ArrayList<>();
        int steps = 0;
        while (!run.finished()) {
            TrainingRun.Step s = run.step();
            assertThat(s.epoch()).isEqualTo(steps / run.batchesPerEpoch());
            assertThat(s.batch()).isEqualTo(steps % run.batchesPerEpoch());
            steps++;
            if (s.epochLogs() != null) {
                closed.add(s.epochLogs());
            }
        }
        History h = run.finish();
        assertThat(steps).isEqualTo(4 * 5); // 30 training examples (40 − 25 %) in batches of 6
        assertThat(run.optimizerState().steps()).isEqualTo(steps);
        assertThat(TrainerTest.weights(b)).containsExactly(TrainerTest.weights(a));
        assertThat(h.epochs()).isEqualTo(4);
        for (int e = 0; e < 4; e++) {
            assertThat(h.epoch(e)).isEqualTo(fitted.epoch(e)).isEqualTo(closed.get(e));
        }
        assertThatThrownBy(run::step).isInstanceOf(IllegalStateException.class).hasMessage("this training run has finished");
    }

    @Test
    void runEpochReturnsEachEpochsLogsThenNull() {
        TrainingRun run = new Trainer(TrainerTest.net(Precision.FLOAT64), training(new Adam(0.05))).start(DATA);
        for (int e = 0; e < 4; e++) {
            assertThat(run.runEpoch()).containsKeys("loss", "accuracy", "val_loss", "val_accuracy", "lr");
            assertThat(run.epoch()).isEqualTo(e + 1);
        }
        assertThat(run.finished()).isTrue();
        assertThat(run.runEpoch()).isNull();
    }

    @Test
    void reusingATrainingStartsFreshOptimizerState() {
        // Adam's moments and step count must not leak from one fit into the next.
        Training shared = training(new Adam(0.05));
        Network first = TrainerTest.net(Precision.FLOAT64);
        first.fit(DATA, shared);
        Network second = TrainerTest.net(Precision.FLOAT64);
        second.fit(DATA, shared);
        assertThat(TrainerTest.weights(second)).containsExactly(TrainerTest.weights(first));
    }

    @Test
    void oneOptimizerMayTrainTwoNetworksAtOnce() {
        Adam adam = new Adam(0.05);
        Network a = TrainerTest.net(Precision.FLOAT64);
        Network b = TrainerTest.net(Precision.FLOAT64);
        TrainingRun ra = new Trainer(a, training(adam)).start(DATA);
        TrainingRun rb = new Trainer(b, training(adam)).start(DATA);
        while (!ra.finished()) { // interleaved, batch by batch
            ra.step();
            rb.step();
        }
        assertThat(rb.finished()).isTrue();
        Network alone = TrainerTest.net(Precision.FLOAT64);
        alone.fit(DATA, training(new Adam(0.05)));
        assertThat(TrainerTest.weights(a)).containsExactly(TrainerTest.weights(alone));
        assertThat(TrainerTest.weights(b)).containsExactly(TrainerTest.weights(alone));
    }

    @Test
    void optimizerStateIsKeyedByParameterName() {
        Network net = TrainerTest.net(Precision.FLOAT64);
        OptimizerState state = new Adam(0.05).start(net);
        assertThat(state.tensors()).containsOnlyKeys("layers.0.weight.exp_avg", "layers.0.weight.exp_avg_sq",
                "layers.0.bias.exp_avg", "layers.0.bias.exp_avg_sq", "layers.1.weight.exp_avg", "layers.1.weight.exp_avg_sq",
                "layers.1.bias.exp_avg", "layers.1.bias.exp_avg_sq");
        assertThat(state.slots("layers.1.weight").get(0).shape()).isEqualTo("5×1");
        assertThatThrownBy(() -> state.slots("layers.9.weight")).hasMessageContaining("no parameter named layers.9.weight");
    }

    @Test
    void aStateOfAnotherNetworkIsAClearError() {
        Network net = TrainerTest.net(Precision.FLOAT64);
        OptimizerState other = new Adam(0.05).start(TrainerTest.net(Precision.FLOAT64));
        assertThatThrownBy(() -> new Trainer(net, training(new Adam(0.05))).start(DATA, other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the optimizer state belongs to another network: start it from this one (optimizer.start(network))");
    }

    /**
     * Two workers on two threads, each with half of every global batch, joined by an all-reduce in
     * the aggregator (∂E/∂θ = Σ n_k·∂E_k/∂θ / N), take exactly the steps of one machine on the whole
     * batch: the data-parallel seam computes the global gradient.
     */
    @Test
    void anAggregatorOverTwoHalfBatchesMatchesTheFullBatch() throws Exception {
        Dataset data = Dataset.of(DATA.x().toArray(), DATA.y().toArray());
        Network single = TrainerTest.net(Precision.FLOAT64);
        History alone = single.fit(data, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(3).batchSize(40).shuffle(false));

        Network[] workers = {TrainerTest.net(Precision.FLOAT64), TrainerTest.net(Precision.FLOAT64)};
        Dataset[] halves = {rows(data, 0, 25), rows(data, 25, 40)}; // unequal parts: 25 + 15 rows
        double[] losses = new double[2];
        int[] counts = new int[2];
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(2);
        History[] histories = new History[2];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int k = 0; k < 2; k++) {
            int me = k;
            GradientAggregator allReduce = (params, rows, loss) -> {
                try {
                    losses[me] = loss;
                    counts[me] = rows;
                    barrier.await(); // both gradients are ready
                    int n = counts[0] + counts[1];
                    double[][] sums = new double[params.size()][];
                    for (int i = 0; i < params.size(); i++) {
                        Matrix g0 = workers[0].parameters().get(i).grad(), g1 = workers[1].parameters().get(i).grad();
                        sums[i] = new double[g0.size()];
                        for (int j = 0; j < g0.size(); j++) {
                            sums[i][j] = (counts[0] * g0.get(j) + counts[1] * g1.get(j)) / n;
                        }
                    }
                    double global = (counts[0] * losses[0] + counts[1] * losses[1]) / n;
                    barrier.await(); // both have read both gradients
                    for (int i = 0; i < params.size(); i++) {
                        for (int j = 0; j < sums[i].length; j++) {
                            params.get(i).grad().set(j, sums[i][j]);
                        }
                    }
                    return global;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(3).batchSize(40).shuffle(false)
                    .gradientAggregator(allReduce);
            Thread thread = new Thread(() -> {
                try {
                    histories[me] = workers[me].fit(halves[me], t);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(failures).isEmpty();
        // The replicas are identical; against one machine only the summation order differs (float64 rounding).
        assertThat(TrainerTest.weights(workers[0])).containsExactly(TrainerTest.weights(workers[1]));
        double[] want = TrainerTest.weights(single);
        double[] got = TrainerTest.weights(workers[0]);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).isCloseTo(want[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(histories[0].epoch(2).get("loss")).isCloseTo(alone.epoch(2).get("loss"), org.assertj.core.api.Assertions.within(1e-12));
    }

    private static Dataset rows(Dataset d, int from, int to) {
        double[][] x = new double[to - from][];
        double[][] y = new double[to - from][];
        for (int r = from; r < to; r++) {
            x[r - from] = d.x().rowToArray(r);
            y[r - from] = d.y().rowToArray(r);
        }
        return Dataset.of(x, y);
    }
}
