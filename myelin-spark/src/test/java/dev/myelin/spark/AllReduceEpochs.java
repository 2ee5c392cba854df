package dev.myelin.spark;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.compute.Compute;
import dev.myelin.data.Dataset;
import dev.myelin.data.Idx;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Optimizers;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The all-reduce's share of a data-parallel MNIST epoch without Spark around it: two threads of this
 * JVM train 784-128-10 on halves of MNIST as two barrier tasks do (one kernel thread each, local
 * batch B/2, an {@link AllReduceAggregator} every step), exchanging over TCP on loopback and in shared
 * memory, against one machine on both cores; the runs alternate, so they see the same load.
 *
 * <p>Arguments: MNIST_DIR [EPOCHS=3] [BATCH=128] [ROUNDS=3]
 */
public final class AllReduceEpochs {
    private AllReduceEpochs() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Matrix images = Idx.readImages(dir.resolve("train-images-idx3-ubyte"), 64L << 20);
        int[] labels = Idx.readLabels(dir.resolve("train-labels-idx1-ubyte"), 64L << 20);
        int n = images.rows();
        Matrix x = Matrix.zeros(n, 784, Precision.FLOAT32);
        for (int r = 0; r < n; r++) {
            x.copyRow(images, r, r);
        }
        Dataset all = new Dataset(x, Dataset.oneHot(labels, 10, Precision.FLOAT32));
        Dataset[] halves = new Dataset[2];
        for (int p = 0; p < 2; p++) {
            int[] rows = new int[n / 2];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = 2 * i + p; // row i → task i mod 2, as the Spark trainer places them
            }
            halves[p] = all.select(rows);
        }
        Network start = new MyelinClassifier().setLayers(128).setSeed(42).buildNetwork(784, 10, Activation.SOFTMAX);
        int threads = Compute.threads();
        oneMachine(start, all, 1, batch); // warm-up
        tasks(start, halves, 1, batch, false);
        tasks(start, halves, 1, batch, true);
        System.out.printf("MNIST 784-128-10, %d epochs, batch %d, 2 tasks in one JVM; seconds per epoch%n", epochs, batch);
        System.out.println("| round | one machine | TCP: steps | TCP: all-reduce | TCP: epoch | in-JVM: steps | in-JVM: all-reduce | in-JVM: epoch |"
                + " TCP / one | in-JVM / one |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double[][] columns = new double[9][rounds];
        for (int round = 0; round < rounds; round++) {
            Compute.setThreads(threads);
            double one = oneMachine(start, all, epochs, batch) / epochs;
            double[] tcp = tasks(start, halves, epochs, batch, false);
            double[] mem = tasks(start, halves, epochs, batch, true);
            double[] row = {one, tcp[1] / epochs, tcp[2] / epochs, tcp[0] / epochs, mem[1] / epochs, mem[2] / epochs, mem[0] / epochs,
                    tcp[0] / epochs / one, mem[0] / epochs / one};
            System.out.printf("| %d |", round);
            for (int c = 0; c < row.length; c++) {
                columns[c][round] = row[c];
                System.out.printf(" %.3f |", row[c]);
            }
            System.out.println();
        }
        System.out.print("| median |");
        for (double[] column : columns) {
            double[] sorted = column.clone();
            Arrays.sort(sorted);
            System.out.printf(" %.3f |", sorted[rounds / 2]);
        }
        System.out.println();
        Compute.setThreads(threads);
    }

    private static double oneMachine(Network start, Dataset all, int epochs, int batch) {
        Network net = start.copy();
        long t0 = System.nanoTime();
        new Trainer(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create("adam", 0.001)).epochs(epochs).batchSize(batch)
                .seed(42)).fit(all);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** [wall seconds, task 0's seconds of steps, task 0's seconds in the all-reduce]. */
    private static double[] tasks(Network start, Dataset[] halves, int epochs, int batch, boolean shared) throws Exception {
        Compute.setThreads(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String key = UUID.randomUUID().toString();
        try (ServerSocket server = shared ? null : StarAllReduce.listen("127.0.0.1")) {
            String hub = shared ? null : "127.0.0.1:" + server.getLocalPort();
            long t0 = System.nanoTime();
            Future<?>[] futures = new Future<?>[2];
            double[][] out = new double[2][];
            for (int p = 0; p < 2; p++) {
                int rank = p;
                futures[p] = pool.submit(() -> {
                    try (AllReduce reduce = shared ? SharedAllReduce.join(key, rank, 2, () -> false, 60_000)
                            : rank == 0 ? StarAllReduce.accept(server, 2, () -> false, 60_000) : StarAllReduce.connect(hub, rank, 2, () -> false, 60_000)) {
                        AllReduceAggregator aggregator = new AllReduceAggregator(reduce);
                        Network net = start.copy();
                        long s0 = System.nanoTime();
                        new Trainer(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, Optimizers.create("adam", 0.001)).epochs(epochs)
                                .batchSize(batch / 2).seed(Rng.derive(42, rank)).gradientAggregator(aggregator)).fit(halves[rank]);
                        double total = (System.nanoTime() - s0) / 1e9;
                        out[rank] = new double[] {total - aggregator.reduceNanos() / 1e9, aggregator.reduceNanos() / 1e9};
                    }
                    return null;
                });
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            return new double[] {wall, out[0][0], out[0][1]};
        } finally {
            pool.shutdownNow();
        }
    }
}
