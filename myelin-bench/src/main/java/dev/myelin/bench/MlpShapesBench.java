package dev.myelin.bench;

import dev.myelin.compute.Compute;
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
 * The products of MLP training, for a dense layer with {@code batch} rows, {@code in} inputs and
 * {@code out} units (shape "batch×in×out"): {@code AB} = X·W (batch×in · in×out), {@code ABt} = δ·Wᵀ
 * (batch×out · (in×out)ᵀ), {@code AtB} = Xᵀ·δ ((batch×in)ᵀ · batch×out). Each is 2·batch·in·out
 * floating-point operations; the {@code flops} counter gives the rate (GFLOPS = flops / 1e9).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xss4m"})
@State(Scope.Thread)
public class MlpShapesBench {
    @Param({"1x784x30", "10x784x30", "64x784x128", "128x784x512", "256x1024x1024"})
    public String shape;

    @Param({"AB", "ABt", "AtB"})
    public String layout;

    @Param({"1", "2"})
    public int threads;

    @Param({"float32"})
    public String precision;

    private Matrix x;
    private Matrix w;
    private Matrix d;
    private Matrix out;
    private long flopsPerCall;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("x");
        int batch = Integer.parseInt(s[0]), in = Integer.parseInt(s[1]), units = Integer.parseInt(s[2]);
        Precision p = Precision.parse(precision);
        Compute.setThreads(threads);
        x = MatmulBench.random(batch, in, p, 1);
        w = MatmulBench.random(in, units, p, 2);
        d = MatmulBench.random(batch, units, p, 3);
        out = switch (layout) {
            case "AB" -> Matrix.zeros(batch, units, p);
            case "ABt" -> Matrix.zeros(batch, in, p);
            case "AtB" -> Matrix.zeros(in, units, p);
            default -> throw new IllegalArgumentException("unknown layout " + layout);
        };
        flopsPerCall = 2L * batch * in * units;
    }

    @Benchmark
    public Matrix product(MatmulBench.Flops counter) {
        switch (layout) {
            case "AB" -> Compute.matmul(x, w, out, false);
            case "ABt" -> Compute.matmulTransposeB(d, w, out, false);
            default -> Compute.matmulTransposeA(x, d, out, false);
        }
        counter.flops += flopsPerCall;
        return out;
    }
}
