package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.data.Dataset;
import dev.myelin.data.Labels;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizer;
import dev.myelin.tensor.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;

/** TEMPORARY until TrainingRun lands on main: the Trainer's epoch loop with the aggregation seam. */
final class InterimRun {
    final Network network;
    final Optimizer optimizer;
    final Loss loss;
    final Dataset data;
    final int batch;
    final long seed;
    final int epochs;
    final boolean accuracy;
    final AllReduceAggregator agg;
    int epoch;

    InterimRun(Network network, Optimizer optimizer, Loss loss, Dataset data, int batch, long seed, int startEpoch, int epochs,
            boolean accuracy, AllReduceAggregator agg) {
        this.network = network;
        this.optimizer = optimizer;
        this.loss = loss;
        this.data = data;
        this.batch = Math.min(batch, data.size());
        this.seed = seed;
        this.epoch = startEpoch;
        this.epochs = epochs;
        this.accuracy = accuracy;
        this.agg = agg;
    }

    boolean finished() {
        return epoch >= epochs;
    }

    Map<String, Double> runEpoch() {
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Rng(Rng.derive(seed ^ 0x5EED5EEDL, epoch)).shuffle(order);
        optimizer.setEpoch(epoch);
        Matrix xb = Matrix.zeros(batch, data.features(), network.precision());
        Matrix yb = Matrix.zeros(batch, data.outputs(), network.precision());
        double lossSum = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batch) {
            int size = Math.min(batch, n - from);
            xb.setRows(size);
            yb.setRows(size);
            for (int r = 0; r < size; r++) {
                xb.copyRow(data.x(), order[from + r], r);
                yb.copyRow(data.y(), order[from + r], r);
            }
            double l = network.computeGradients(xb, yb, loss);
            if (accuracy) {
                for (int r = 0; r < size; r++) {
                    if (Labels.classOf(network.outputLayer().lastOutput(), r) == Labels.classOf(yb, r)) {
                        correct++;
                    }
                }
            }
            l = agg.aggregate(network.parameters(), size, l);
            optimizer.step(network.parameters());
            lossSum += l * size;
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / n);
        if (accuracy) {
            logs.put("accuracy", (double) correct / n);
        }
        logs.put("lr", optimizer.learningRate());
        epoch++;
        return logs;
    }
}
