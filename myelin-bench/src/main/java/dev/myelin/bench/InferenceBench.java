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
 * times it: {@code Network.forward(x, false)} on a batch of 784-pixel images, in µs per call.
 * Samples/s is {@code batch / score · 1e6}. {@code -prof gc} shows the allocation per call.
 * {@code input=random} fills every pixel (the products' dense paths); {@code input=strokes} draws three
 * thick strokes inside the central 20×20 of a 28×28 canvas, mostly zeros as MNIST's digits are (the
 * paths that skip zero inputs, {@code FloatSparseKernel} and the batch of one).
 * <pre>java -jar myelin-bench/target/benchmarks.jar InferenceBench -p batch=1000 -p input=strokes</pre>
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

    @Param({"random", "strokes"})
    public String input;

    private Network network;
    private Matrix x;

    @Setup(Level.Trial)
    public void setUp() {
        Compute.setThreads(threads);
        network = Workload.parse(config).network(1234);
        Rng rng = new Rng(7);
        x = Matrix.zeros(batch, 784, Precision.FLOAT32);
        for (int r = 0; r < batch; r++) {
            if (input.equals("strokes")) {
                strokes(rng, x, r);
            } else {
                for (int i = 0; i < 784; i++) {
                    x.set(r, i, rng.nextDouble());
                }
            }
        }
    }

    /** Three segments between random points of the central 20×20, each pixel max(0, 1 − distance / 1.5). */
    static void strokes(Rng rng, Matrix x, int row) {
        for (int s = 0; s < 3; s++) {
            double x0 = 4 + 20 * rng.nextDouble(), y0 = 4 + 20 * rng.nextDouble();
            double x1 = 4 + 20 * rng.nextDouble(), y1 = 4 + 20 * rng.nextDouble();
            double dx = x1 - x0, dy = y1 - y0, len2 = Math.max(1e-9, dx * dx + dy * dy);
            for (int py = 0; py < 28; py++) {
                for (int px = 0; px < 28; px++) {
                    double t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
                    double ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
                    double v = 1 - Math.sqrt(ex * ex + ey * ey) / 1.5;
                    if (v > x.get(row, py * 28 + px)) {
                        x.set(row, py * 28 + px, v);
                    }
                }
            }
        }
    }

    @Benchmark
    public Matrix forward() {
        return network.forward(x, false);
    }
}
