package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-JVM all-reduce: the bits of the TCP star on the same inputs, and no task left waiting. */
class SharedAllReduceTest {

    /** One task's part of a test: what it does with its all-reduce, and what it returns. */
    interface Part<T> {
        T run(AllReduce reduce) throws Exception;
    }

    /** Runs {@code part} on {@code tasks} threads, each joined to one fresh group; the results in rank order. */
    static <T> List<T> inMemory(int tasks, Part<T> part) throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < tasks; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (AllReduce c = SharedAllReduce.join(key, rank, tasks, () -> false, 10_000)) {
                        return part.run(c);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same over TCP on loopback ({@link StarAllReduce}). */
    static <T> List<T> overTcp(int tasks, Part<T> part) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < tasks; r++) {
                int rank = r;
                futures.add(pool.submit(() -> {
                    try (AllReduce c = rank == 0 ? StarAllReduce.accept(server, tasks, () -> false, 10_000)
                            : StarAllReduce.connect(hub, rank, tasks, () -> false, 10_000)) {
                        return part.run(c);
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * v ← (float)(Σ w_p·v_p / Σ w_p) in float64 in rank order, by hand for three tasks, and the bits of
     * the TCP star on 1,000 random gradients of 3 tasks (chunks of 333, 333 and 334 elements) over
     * three rounds (the two slots of each task reused), with magnitudes from 1e-8 to 1e8 so that the
     * summation order shows in the bits.
     */
    @Test
    void theWeightedMeanHasTheBitsOfTheTcpStar() throws Exception {
        float[][] v = {{0.1f, 3e7f, -1.5f}, {0.2f, -3e7f, 2.25f}, {0.3f, 1f, 1e-7f}};
        double[] w = {4, 4, 3};
        double[] s = {0.5, 0.25, 2};
        List<Object[]> small = inMemory(3, c -> {
            float[] mine = v[c.rank()].clone();
            double[] sums = {s[c.rank()]};
            double total = c.weightedMean(mine, 3, w[c.rank()], sums);
            return new Object[] {mine, sums[0], total};
        });
        for (Object[] got : small) {
            // by hand: Σ w = 11; Σ s = 2.75; component 1: (4·3e7 − 4·3e7 + 3·1) / 11 = 3/11
            assertThat(((float[]) got[0])[1]).isEqualTo((float) (3.0 / 11));
            assertThat((float[]) got[0]).containsExactly((float) ((0.4000000059604645 + 0.800000011920929 + 0.9000000357627869) / 11),
                    (float) (3.0 / 11), (float) ((-6.0 + 9.0 + 3.0 * 1e-7f) / 11));
            assertThat((Double) got[1]).isEqualTo(2.75);
            assertThat((Double) got[2]).isEqualTo(11.0);
        }

        int n = 1000;
        Part<float[][]> rounds = c -> {
            Random random = new Random(17 + c.rank());
            float[] mine = new float[n + 5]; // longer than n: only the first n take part
            float[][] out = new float[3][];
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(17) - 8));
                }
                double[] sums = {random.nextDouble(), c.rank()};
                double total = c.weightedMean(mine, n, 1 + c.rank() + round, sums);
                out[round] = java.util.Arrays.copyOf(mine, n + 3);
                out[round][n] = (float) total;
                out[round][n + 1] = (float) sums[0];
                out[round][n + 2] = (float) sums[1];
            }
            return out;
        };
        List<float[][]> memory = inMemory(3, rounds);
        List<float[][]> tcp = overTcp(3, rounds);
        for (int r = 0; r < 3; r++) {
            for (int round = 0; round < 3; round++) {
                assertThat(memory.get(r)[round]).as("task " + r + ", round " + round).containsExactly(tcp.get(0)[round]);
            }
        }
        assertThat(tcp.get(0)[0][n + 2]).as("Σ ranks").isEqualTo(3f);
        assertThat(SharedAllReduce.groupsForTest()).as("every group left the registry").isZero();
    }

    /** Σ v_p in rank order, ((v₀ + v₁) + v₂): the same bits as the TCP star, by hand for the first round. */
    @Test
    void everyTaskGetsTheRankOrderedSum() throws Exception {
        Part<double[][]> part = c -> {
            double[][] rounds = new double[2][];
            for (int round = 0; round < 2; round++) {
                double[] v = {0.1 * (c.rank() + 1), 1e16 * (c.rank() == 1 ? -1 : 1), c.rank() + round, 1e-3, c.rank() == 2 ? 1 : 1e-17};
                c.sum(v);
                rounds[round] = v;
            }
            return rounds;
        };
        List<double[][]> memory = inMemory(3, part);
        List<double[][]> tcp = overTcp(3, part);
        assertThat(memory.get(0)[0]).containsExactly(((0.1 + 0.2) + 0.30000000000000004), 1e16, 3, 3e-3, (1e-17 + 1e-17) + 1);
        for (int r = 0; r < 3; r++) {
            assertThat(memory.get(r)[0]).containsExactly(tcp.get(0)[0]);
            assertThat(memory.get(r)[1]).containsExactly(tcp.get(0)[1]);
        }
    }

    @Test
    void aTaskThatLeavesEndsTheOthersWaitWithAnError() throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            Future<?> dying = pool.submit(() -> {
                SharedAllReduce c = SharedAllReduce.join(key, 1, 2, () -> false, 10_000);
                c.close(); // dies before its first call
                return null;
            });
            try (SharedAllReduce c = SharedAllReduce.join(key, 0, 2, () -> false, 10_000)) {
                dying.get();
                assertThatThrownBy(() -> c.sum(new double[] {1, 2}))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("task 1 left the all-reduce");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(SharedAllReduce.groupsForTest()).isZero();
    }

    @Test
    void aCancelledTaskStopsWaiting() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> SharedAllReduce.join(UUID.randomUUID().toString(), 0, 2, () -> System.nanoTime() - t0 > 300_000_000L, 60_000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cancelled while waiting for the other tasks to join");
        assertThat(SharedAllReduce.groupsForTest()).isZero();
    }

    @Test
    void vectorsOfDifferentLengthsAreAnError() throws Exception {
        assertThatThrownBy(() -> inMemory(2, c -> {
            c.sum(new double[2 + c.rank()]);
            return null;
        })).hasRootCauseInstanceOf(IOException.class).hasStackTraceContaining("the tasks must reduce vectors of one length");
    }
}
