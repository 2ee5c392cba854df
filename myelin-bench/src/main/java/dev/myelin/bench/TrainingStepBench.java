package dev.myelin.bench;

import dev.myelin.Network;
import dev.myelin.workloads.Workload;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.compute.Compute;
import dev.myelin.layers.Parameter;
import dev.myelin.losses.Loss;
import dev.myelin.optim.OptimizerState;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, loss, backward, optimizer update) of each peer-benchmark configuration
 * on a batch of MNIST-shaped random images, and its phases: {@code forward} (the layers in training
 * mode), {@code gradients} (forward, loss and backward: backward and loss = gradients − forward) and
 * {@code update} (the optimizer alone, on the gradients of the set-up's pass). Run with
 * {@code -prof gc} to see that a step allocates nothing after warm-up (≈ 0 B/op):
 * <pre>java -jar myelin-bench/target/benchmarks.jar TrainingStepBench -prof gc
 * java -jar myelin-bench/target/benchmarks.jar TrainingStepBench -p config=nielsen,small</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
@State(Scope.Thread)
public class TrainingStepBench {
    @Param({"nielsen", "small", "medium", "wide"})
    public String config;

    @Param({"1", "2"})
    public int threads;

    private Network network;
    private OptimizerState optimizer;
    private Loss loss;
    private Matrix x;
    private Matrix y;

    @Setup(Level.Trial)
    public void setUp() {
        Compute.setThreads(threads);
        Workload cfg = Workload.parse(config);
        network = cfg.network(1234);
        optimizer = cfg.optimizer().start(network);
        loss = cfg.loss();
        int batch = cfg.batch();
        Rng rng = new Rng(7);
        x = Matrix.zeros(batch, 784, Precision.FLOAT32);
        int[] labels = new int[batch];
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble());
        }
        for (int r = 0; r < batch; r++) {
            labels[r] = rng.nextInt(10);
        }
        y = Dataset.oneHot(labels, 10, Precision.FLOAT32);
        network.computeGradients(x, y, loss); // gradients for update()
    }

    @Benchmark
    public double step() {
        double e = network.computeGradients(x, y, loss);
        optimizer.step();
        return e;
    }

    /** The forward pass alone, in training mode (dropout draws its masks). */
    @Benchmark
    public Matrix forward() {
        return network.forward(x, true);
    }

    /** Forward, loss and backward: every parameter's gradient, no update. */
    @Benchmark
    public double gradients() {
        return network.computeGradients(x, y, loss);
    }

    /** The optimizer's update alone (the weights drift with the same gradients; the cost does not depend on them). */
    @Benchmark
    public void update() {
        optimizer.step();
    }
}
