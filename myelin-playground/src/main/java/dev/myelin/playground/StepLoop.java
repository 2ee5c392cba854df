package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.Map;

/**
 * The step-wise training loop, one batch per {@link #step()}: epoch e visits the examples in the
 * order 0..n−1 shuffled by (seed, e), cut into batches; each batch computes ∂E/∂θ and takes one
 * optimizer step. (Stands in for the core's shared {@code TrainingRun} until it lands.)
 */
final class StepLoop {
    /** One trained batch; {@code epochLogs} is non-null when it closed the epoch. */
    record Step(int epoch, int batch, int size, double loss, Map<String, Double> epochLogs) {}

    private final Network network;
    private final Dataset train;
    private final Loss loss;
    private final Optimizer optimizer;
    private final long seed;
    private final int[] order;
    private final Matrix bx;
    private final Matrix by;
    private final int batchSize;
    private int epoch;
    private int next;
    private int batch;
    private double lossSum;

    StepLoop(Network network, Dataset train, Loss loss, Optimizer optimizer, int batchSize, long seed, int startEpoch) {
        this.network = network;
        this.train = train;
        this.loss = loss;
        this.optimizer = optimizer;
        this.seed = seed;
        this.epoch = startEpoch;
        int n = train.size();
        this.batchSize = Math.min(batchSize, n);
        this.order = new int[n];
        this.bx = Matrix.zeros(this.batchSize, train.x().cols(), Precision.FLOAT64);
        this.by = Matrix.zeros(this.batchSize, train.y().cols(), Precision.FLOAT64);
    }

    Step step() {
        int n = order.length;
        if (next == 0) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            new Rng(Rng.derive(seed, epoch)).shuffle(order);
            optimizer.setEpoch(epoch);
            batch = 0;
            lossSum = 0;
        }
        int rows = Math.min(batchSize, n - next);
        bx.setRows(rows);
        by.setRows(rows);
        for (int r = 0; r < rows; r++) {
            bx.copyRow(train.x(), order[next + r], r);
            by.copyRow(train.y(), order[next + r], r);
        }
        double l = network.computeGradients(bx, by, loss);
        optimizer.step(network.parameters());
        next += rows;
        lossSum += l * rows;
        Step s = new Step(epoch, batch++, rows, l, next >= n ? Map.of("loss", lossSum / n) : null);
        if (next >= n) {
            next = 0;
            epoch++;
        }
        return s;
    }
}
