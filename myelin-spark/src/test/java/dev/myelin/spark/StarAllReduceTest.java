package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StarAllReduceTest {

    /**
     * The float32 weighted mean: v ← (float)(Σ w_p·v_p / Σ w_p) with the sums in float64 in rank order,
     * the same bits on every task, and the bits of the float64 path ({@link StarAllReduce#sum} over
     * [w_p·v_p, w_p, s_p], then the division and the rounding), which the gradients used before.
     */
    @Test
    void theFloat32WeightedMeanHasTheBitsOfTheFloat64Sum() throws Exception {
        int tasks = 3;
        float[][] v = {{0.1f, 3e7f, -1.5f}, {0.2f, -3e7f, 2.25f}, {0.3f, 1f, 1e-7f}};
        double[] w = {4, 4, 3};
        double[] s = {0.5, 0.25, 2};
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            List<Future<Object[]>> results = new ArrayList<>();
            for (int r = 0; r < tasks; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (StarAllReduce c = rank == 0 ? StarAllReduce.accept(server, tasks, () -> false, 10_000)
                            : StarAllReduce.connect(hub, rank, tasks, () -> false, 10_000)) {
                        float[] mine = v[rank].clone();
                        double[] sums = {s[rank]};
                        double total = c.weightedMean(mine, 3, w[rank], sums);
                        double[] wide = {w[rank] * v[rank][0], w[rank] * v[rank][1], w[rank] * v[rank][2], w[rank], s[rank]};
                        c.sum(wide);
                        return new Object[] {mine, sums[0], total, wide};
                    }
                }));
            }
            // by hand: Σ w = 11; Σ s = 2.75; component 1: (4·3e7 − 4·3e7 + 3·1) / 11 = 3/11
            float[] expected = new float[3];
            for (int i = 0; i < 3; i++) {
                expected[i] = (float) (((w[0] * v[0][i] + w[1] * v[1][i]) + w[2] * v[2][i]) / 11);
            }
            assertThat(expected[1]).isEqualTo((float) (3.0 / 11));
            for (Future<Object[]> f : results) {
                Object[] got = f.get();
                assertThat((float[]) got[0]).containsExactly(expected);
                assertThat((Double) got[1]).isEqualTo(2.75);
                assertThat((Double) got[2]).isEqualTo(11.0);
                double[] wide = (double[]) got[3];
                for (int i = 0; i < 3; i++) {
                    assertThat((float) (wide[i] / wide[3])).as("component " + i).isEqualTo(expected[i]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Three tasks on loopback; each round every task must end with v₀ + v₁ + v₂ added in rank order. */
    @Test
    void everyTaskGetsTheRankOrderedSum() throws Exception {
        int tasks = 3;
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            List<Future<double[][]>> results = new ArrayList<>();
            for (int r = 0; r < tasks; r++) {
                int rank = r;
                results.add(pool.submit(() -> {
                    try (StarAllReduce c = rank == 0 ? StarAllReduce.accept(server, tasks, () -> false, 10_000)
                            : StarAllReduce.connect(hub, rank, tasks, () -> false, 10_000)) {
                        double[][] rounds = new double[2][];
                        for (int round = 0; round < 2; round++) {
                            double[] v = {0.1 * (rank + 1), 1e16 * (rank == 1 ? -1 : 1), rank + round, 1e-3};
                            c.sum(v);
                            rounds[round] = v;
                        }
                        return rounds;
                    }
                }));
            }
            double[][] first = results.get(0).get();
            // rank order: ((0.1 + 0.2) + 0.3), (1e16 − 1e16) + 1e16, ...
            assertThat(first[0]).containsExactly(((0.1 + 0.2) + 0.30000000000000004), 1e16, 3, 3e-3);
            assertThat(first[1]).containsExactly(((0.1 + 0.2) + 0.30000000000000004), 1e16, 6, 3e-3);
            for (Future<double[][]> f : results) {
                double[][] got = f.get();
                assertThat(got[0]).containsExactly(first[0]);
                assertThat(got[1]).containsExactly(first[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPeerThatDiesEndsTheWaitWithAnError() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            String hub = "127.0.0.1:" + server.getLocalPort();
            Future<?> worker = pool.submit(() -> {
                StarAllReduce c = StarAllReduce.connect(hub, 1, 2, () -> false, 10_000);
                c.close(); // dies before its first message
                return null;
            });
            try (StarAllReduce c = StarAllReduce.accept(server, 2, () -> false, 10_000)) {
                worker.get();
                assertThatThrownBy(() -> c.sum(new double[] {1, 2}))
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("task 1 closed its connection");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCancelledTaskStopsWaiting() throws Exception {
        try (ServerSocket server = StarAllReduce.listen("127.0.0.1")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> StarAllReduce.accept(server, 2, () -> System.nanoTime() - t0 > 1_500_000_000L, 60_000))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled while waiting for 1 tasks to connect");
        }
    }
}
