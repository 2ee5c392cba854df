package dev.myelin.bench;

import dev.myelin.Network;
import dev.myelin.workloads.Workload;
import dev.myelin.compute.Compute;
import dev.myelin.init.Rng;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
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
 * Inference (forward in inference mode) of a peer-benchmark configuration, as {@code ./myelin bench}
 * times it: {@code Network.forward(x, false)} on a batch of MNIST-shaped random images, in µs per call.
 * Samples/s is {@code batch / score · 1e6}. {@code -prof gc} shows the allocation per call.
 * <pre>java -jar myelin-bench/target/benchmarks.jar InferenceBench -p batch=1</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
@State(Scope.Thread)
public class InferenceBench {
    @Param({"small"})
    public String config;

    @Param({"1", "1000"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private Network network;
    private Matrix x;

    @Setup(Level.Trial)
    public void setUp() {
        Compute.setThreads(threads);
        network = Workload.parse(config).network(1234);
        Rng rng = new Rng(7);
        x = Matrix.zeros(batch, 784, Precision.FLOAT32);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble());
        }
    }

    @Benchmark
    public Matrix forward() {
        return network.forward(x, false);
    }
}
