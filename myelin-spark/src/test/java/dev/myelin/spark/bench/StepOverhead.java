package dev.myelin.spark.bench;

import dev.myelin.spark.AllReduceTimer;
import dev.myelin.spark.StarAllReduce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * What one synchronous SGD step costs in coordination on Spark, for a gradient of {@code n} values
 * (784-128-10 has 101,770), measured three ways in one run on the same master:
 * <ol>
 *   <li>a Spark job per step, as MLlib trains: broadcast the weights, every partition returns its
 *       gradient, the driver sums them ({@code treeAggregate}'s pattern with P partitions);
 *   <li>inside one barrier stage, {@code BarrierTaskContext.allGather} per step (a few bytes);
 *   <li>inside one barrier stage, a {@link StarAllReduce} of the n doubles per step (over TCP, how
 *       tasks in different executors exchange);
 *   <li>inside one barrier stage, the in-JVM all-reduce of the n doubles per step (how the tasks of one
 *       executor exchange; in {@code local[N]} all tasks share the driver's JVM).
 * </ol>
 * Prints the median milliseconds per step of each. Run by scripts/bench-spark.sh.
 */
public final class StepOverhead {
    private StepOverhead() {}

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 101_770;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        SparkSession spark = SparkSession.builder().master(master).appName("myelin-step-overhead")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int p = sc.defaultParallelism();
        JavaRDD<Integer> parts = sc.parallelize(range(p), p).cache();
        parts.count();

        double[] weights = new double[n];
        double[] jobMillis = new double[steps];
        for (int s = -3; s < steps; s++) {
            long t0 = System.nanoTime();
            Broadcast<double[]> w = sc.broadcast(weights);
            double[] sum = parts.map(i -> {
                double[] g = new double[w.value().length];
                Arrays.fill(g, i);
                return g;
            }).reduce((a, b) -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                return a;
            });
            w.destroy();
            weights[0] = sum[0];
            if (s >= 0) {
                jobMillis[s] = (System.nanoTime() - t0) / 1e6;
            }
        }

        int gathers = Math.max(3, steps / 6);
        List<double[]> barrier = parts.rdd().barrier()
                .mapPartitions(new Collectives(n, steps, gathers), false, ClassTag$.MODULE$.apply(double[].class))
                .toJavaRDD().collect();
        double[] gatherMillis = barrier.get(0);
        double[] reduceMillis = barrier.get(1);
        double[] sharedMillis = barrier.get(2);
        System.out.printf("step overhead on %s (%d tasks), gradient of %,d doubles, median of %d steps:%n", master, p, n, steps);
        System.out.printf("  Spark job per step (broadcast + reduce)   %8.1f ms%n", median(jobMillis));
        System.out.printf("  barrier allGather per step                %8.1f ms%n", median(gatherMillis));
        System.out.printf("  barrier stage + star all-reduce per step  %8.2f ms%n", median(reduceMillis));
        System.out.printf("  barrier stage + in-JVM all-reduce per step %7.2f ms%n", median(sharedMillis));
        spark.stop();
    }

    private static List<Integer> range(int p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            out.add(i);
        }
        return out;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** In each barrier task: time allGathers, then TCP all-reduces, then in-JVM ones; task 0 returns the three series. */
    private static final class Collectives extends AbstractFunction1<Iterator<Integer>, Iterator<double[]>> implements java.io.Serializable {
        private final int n;
        private final int steps;
        private final int gathers;

        Collectives(int n, int steps, int gathers) {
            this.n = n;
            this.steps = steps;
            this.gathers = gathers;
        }

        @Override
        public Iterator<double[]> apply(Iterator<Integer> ignored) {
            BarrierTaskContext ctx = BarrierTaskContext.get();
            int rank = ctx.partitionId();
            int tasks = ctx.getTaskInfos().length;
            double[] gather = new double[gathers];
            for (int s = 0; s < gathers; s++) {
                long t0 = System.nanoTime();
                ctx.allGather(Integer.toString(s));
                gather[s] = (System.nanoTime() - t0) / 1e6;
            }
            String host = ctx.getTaskInfos()[rank].address();
            host = host.substring(0, host.lastIndexOf(':'));
            double[] reduce;
            try (ServerSocket server = rank == 0 ? StarAllReduce.listen(host) : null) {
                String[] all = ctx.allGather(rank == 0 ? host + ":" + server.getLocalPort() : "-");
                try (StarAllReduce c = rank == 0 ? StarAllReduce.accept(server, tasks, ctx::isInterrupted, 60_000)
                        : StarAllReduce.connect(all[0], rank, tasks, ctx::isInterrupted, 60_000)) {
                    reduce = AllReduceTimer.overTcp(c, n, steps);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            double[] shared;
            try {
                // the tasks' executors are all this JVM in local[N]; on a cluster one group per executor would form
                shared = AllReduceTimer.inJvm("step-overhead/" + ctx.stageId() + "/" + ctx.stageAttemptNumber(), rank, tasks, n, steps,
                        ctx::isInterrupted);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<double[]> out = rank == 0 ? List.of(gather, reduce, shared) : List.of();
            return CollectionConverters.asScala(out.iterator());
        }
    }
}
