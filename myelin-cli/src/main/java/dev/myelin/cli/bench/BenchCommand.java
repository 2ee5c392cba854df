package dev.myelin.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.Network;
import dev.myelin.workloads.Workload;
import dev.myelin.cli.base.BaseCommand;
import dev.myelin.cli.base.UsageException;
import dev.myelin.cli.data.Mnist;
import dev.myelin.data.Dataset;
import dev.myelin.compute.Compute;
import dev.myelin.tensor.Matrix;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code myelin bench}: trains the peer benchmarks' four MNIST configurations ({@link Workload})
 * for a number of batches and prints samples/s and GFLOPS, so that anyone sees the speed on their
 * own machine. By default it times one epoch's worth of batches after 3 s of warm-up, like the peers'
 * steady-state figures (epochs 2..N).
 */
@Command(name = "bench", description = "Measure training speed on MNIST: samples/s and GFLOPS for the configs "
        + "nielsen (784-30-10 sigmoid, SGD), small (784-128-10, Adam), medium (784-512-256-10, dropout, Adam) "
        + "and wide (784-1024-1024-10, momentum).")
public final class BenchCommand extends BaseCommand {
    /** Untimed training before the clock starts, so that the JIT has compiled the training step. */
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    @Option(names = "--config", split = ",", description = "Which configs (default: all): nielsen, small, medium, wide.")
    List<String> configs = List.of("nielsen", "small", "medium", "wide");

    @Option(names = "--batches", description = "Timed batches per config (default: one epoch of 60,000 images); "
            + "3 s of untimed training run first to warm the JIT up.")
    Integer batches;

    @Option(names = "--epochs", description = "Instead of --batches, train whole epochs and report the test accuracy.")
    Integer epochs;

    @Option(names = "--threads", description = "Kernel threads (default: one per core).")
    Integer threads;

    @Option(names = "--seed", description = "Seed of the weights and the shuffling (default: ${DEFAULT-VALUE}).",
            defaultValue = "1234")
    long seed;

    @Option(names = "--json", description = "One JSON object per config and line instead of a table.")
    boolean json;

    @Option(names = "--inference", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After training, also time inference: batch 1,000 and batch 1 (default: on).")
    boolean inference;

    @Override
    protected int run() throws Exception {
        if (batches != null && batches < 1) {
            throw new UsageException("--batches must be at least 1, got " + batches);
        }
        if (epochs != null && epochs < 1) {
            throw new UsageException("--epochs must be at least 1, got " + epochs);
        }
        List<Workload> chosen = new ArrayList<>();
        for (String c : configs) {
            try {
                chosen.add(Workload.parse(c));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be at least 1, got " + threads);
            }
            Compute.setThreads(threads);
        }
        PrintWriter out = out();
        PrintWriter log = json ? new PrintWriter(PrintWriter.nullWriter()) : out;
        Mnist mnist = Mnist.standard();
        Dataset train = mnist.train(log);
        Dataset test = epochs != null ? mnist.test(log) : null;
        if (!json) {
            out.printf("%-8s %7s %6s %8s %12s %9s %10s%s%n", "config", "threads", "batch", "batches", "samples/s",
                    "GFLOPS", "seconds", epochs != null ? "   test acc" : "");
        }
        ObjectMapper mapper = new ObjectMapper();
        // Train every config first, then time inference: inference between training runs perturbs the
        // JIT's profile of the training step and would make the later configs look slower than they are.
        // Each row is printed as soon as it is measured, so a long config (wide) never leaves the screen silent.
        List<Result> results = new ArrayList<>();
        for (Workload cfg : chosen) {
            if (!json) {
                progress(cfg.label() + ": training" + (epochs != null ? " " + epochs + " epoch(s)"
                        : " (3 s warm-up, then " + (batches != null ? batches + " batches" : "one epoch") + ")") + "...");
            }
            Result r = measure(cfg, train, test);
            results.add(r);
            if (!json) {
                clearProgress();
                out.printf("%-8s %7d %6d %8d %,12.0f %9.1f %10.3f%s%n", cfg.label(), Compute.threads(), cfg.batch(),
                        r.batches, r.samplesPerSecond, r.gflops, r.seconds,
                        r.testAccuracy != null ? String.format("   %.4f", r.testAccuracy) : "");
                out.flush();
            }
        }
        if (!json && inference) {
            out.println();
        }
        for (int i = 0; i < chosen.size(); i++) {
            Workload cfg = chosen.get(i);
            Result r = results.get(i);
            if (!json && inference) {
                progress(cfg.label() + ": timing inference (batch 1,000 then batch 1, 3 s each)...");
            }
            Inference inf = inference ? inference(r.network, train) : null;
            if (!json) {
                clearProgress();
            }
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("config", cfg.label());
                o.put("threads", Compute.threads());
                o.put("batch", cfg.batch());
                o.put("batches", r.batches);
                o.put("samples_per_s", Math.round(r.samplesPerSecond));
                o.put("gflops", Math.round(r.gflops * 10) / 10.0);
                o.put("seconds", Math.round(r.seconds * 1000) / 1000.0);
                if (r.testAccuracy != null) {
                    o.put("test_accuracy", r.testAccuracy);
                }
                o.put("peak_rss_mb", r.peakRssMb);
                if (inf != null) {
                    o.put("inference_batch1000_samples_per_s", Math.round(inf.batch1000));
                    o.put("inference_batch1_us_per_sample", Math.round(inf.batch1Micros * 100) / 100.0);
                }
                out.println(mapper.writeValueAsString(o));
            } else if (inf != null) {
                out.printf("%-8s inference: batch 1,000 %,.0f samples/s; batch 1 %.2f µs per sample%n", cfg.label(),
                        inf.batch1000, inf.batch1Micros);
            }
            out.flush();
        }
        return 0;
    }

    /** A status line on standard error while a config runs (the table itself goes to standard output). */
    private void progress(String message) {
        PrintWriter e = err();
        java.io.Console console = System.console();
        if (console != null && console.isTerminal()) { // one line, overwritten by the result
            e.print("\r" + message);
            progressWidth = message.length();
        } else {
            e.println(message);
        }
        e.flush();
    }

    private void clearProgress() {
        if (progressWidth > 0) {
            PrintWriter e = err();
            e.print("\r" + " ".repeat(progressWidth) + "\r");
            e.flush();
            progressWidth = 0;
        }
    }

    private int progressWidth;

    private record Result(Network network, int batches, double seconds, double samplesPerSecond, double gflops,
            Double testAccuracy, long peakRssMb) {}

    /** Inference throughput of a trained network: batch 1,000 in samples/s, batch 1 in µs per sample. */
    private record Inference(double batch1000, double batch1Micros) {}

    /** Times {@code net.forward} in inference mode on rows of {@code data}, 1 s warm-up and 2 s measured per batch size. */
    private static Inference inference(Network net, Dataset data) {
        int n = Math.min(1000, data.size());
        Matrix big = Matrix.zeros(n, data.features(), net.precision());
        for (int r = 0; r < n; r++) {
            big.copyRow(data.x(), r, r);
        }
        double big1000 = n / secondsPerCall(() -> net.forward(big, false));
        Matrix one = Matrix.zeros(1, data.features(), net.precision());
        int[] next = {0};
        double perSample = secondsPerCall(() -> {
            one.copyRow(data.x(), next[0], 0);
            next[0] = (next[0] + 1) % n;
            net.forward(one, false);
        });
        return new Inference(big1000, perSample * 1e6);
    }

    private static double secondsPerCall(Runnable call) {
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            call.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        end = start + 2_000_000_000L;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                call.run();
            }
            calls += 16;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1e9 / calls;
    }

    private Result measure(Workload cfg, Dataset train, Dataset test) {
        Network net = cfg.network(seed);
        int perEpoch = (train.size() + cfg.batch() - 1) / cfg.batch();
        int timed = epochs != null ? perEpoch * epochs : batches != null ? batches : perEpoch;
        boolean warmUp = epochs == null;
        long[] t = new long[2];
        int[] counts = new int[2]; // timed batches, timed samples
        TrainingListener timer = new TrainingListener() {
            long started;
            boolean timing = !warmUp;

            @Override
            public void onTrainBegin(TrainingState state) {
                started = System.nanoTime();
                t[0] = started;
            }

            @Override
            public void onBatchEnd(TrainingState state, int epoch, int batch, int size, double loss) {
                if (!timing) {
                    long now = System.nanoTime();
                    if (now - started >= WARM_UP_NANOS) { // the JIT has compiled the step: start the clock
                        timing = true;
                        t[0] = now;
                    }
                    return;
                }
                counts[0]++;
                counts[1] += size;
                if (counts[0] == timed) {
                    t[1] = System.nanoTime();
                    state.stop("benchmark done");
                }
            }
        };
        Training training = Training.of(cfg.loss(), cfg.optimizer()).epochs(epochs != null ? epochs : Integer.MAX_VALUE)
                .batchSize(cfg.batch()).seed(seed).accuracy(false).listener(timer);
        new Trainer(net, training).fit(train);
        if (t[1] == 0) {
            t[1] = System.nanoTime();
        }
        double seconds = (t[1] - t[0]) / 1e9;
        double sps = counts[1] / seconds;
        Double acc = test == null ? null : Trainer.evaluate(net, test, cfg.loss()).accuracy();
        return new Result(net, counts[0], seconds, sps, sps * Workload.flopsPerExample(net) / 1e9, acc, peakResidentMb());
    }

    /** The process's peak resident memory in MB (Linux's VmHWM), or −1 where unknown. */
    static long peakResidentMb() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
