package dev.myelin.bench;

import dev.myelin.compute.Compute;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Square matrix products n×n·n×n through {@link Compute} (the fastest kernels of the machine) in the three layouts of a dense layer:
 * {@code AB} = X·W ({@code matmul}), {@code ABt} = δ·Wᵀ ({@code matmulTransposeB}), {@code AtB} = Xᵀ·δ
 * ({@code matmulTransposeA}), with the kernels' thread count set to {@code threads}.
 *
 * <p>The primary score is products per second; the secondary {@code flops} counter is floating-point
 * operations per second (2n³ per product), so GFLOPS = flops / 1e9. Run, e.g.:
 * {@code java -jar myelin-bench/target/benchmarks.jar MatmulBench -p n=1024 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
@State(Scope.Thread)
public class MatmulBench {
    @Param({"256", "512", "1024", "2048"})
    public int n;

    @Param({"AB", "ABt", "AtB"})
    public String layout;

    @Param({"1", "2"})
    public int threads;

    @Param({"float32"})
    public String precision;

    private Matrix a;
    private Matrix b;
    private Matrix c;

    /** Floating-point operations done, reported by JMH as a rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public long flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Precision p = Precision.parse(precision);
        Compute.setThreads(threads);
        a = random(n, n, p, 1);
        b = random(n, n, p, 2);
        c = Matrix.zeros(n, n, p);
    }

    static Matrix random(int rows, int cols, Precision p, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Matrix m = Matrix.zeros(rows, cols, p);
        for (int i = 0; i < rows * cols; i++) {
            m.set(i, rnd.nextDouble(-1, 1));
        }
        return m;
    }

    @Benchmark
    public Matrix product(Flops counter) {
        switch (layout) {
            case "AB" -> Compute.matmul(a, b, c, false);
            case "ABt" -> Compute.matmulTransposeB(a, b, c, false);
            case "AtB" -> Compute.matmulTransposeA(a, b, c, false);
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        }
        counter.flops += 2L * n * n * n;
        return c;
    }
}
