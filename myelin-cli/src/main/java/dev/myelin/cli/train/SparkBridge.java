package dev.myelin.cli.train;

import dev.myelin.Network;
import dev.myelin.cli.base.CliException;
import dev.myelin.cli.base.UsageException;
import dev.myelin.data.Dataset;
import dev.myelin.train.Training;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code --spark MASTER}: hands the fit to myelin-spark's {@code dev.myelin.spark.SparkFit}, loaded by
 * name so that the command line neither depends on Spark nor starts slower without it (the launcher
 * puts myelin-spark and Spark on the classpath only when {@code --spark} is given).
 */
final class SparkBridge {
    private static final String ENTRY = "dev.myelin.spark.SparkFit";

    private SparkBridge() {}

    /** Trains {@code network} in place on Spark, printing each epoch's line; returns the per-epoch logs. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Double>> fit(String master, Network network, Training training, Dataset train, PrintWriter out) {
        if (!master.matches("local(\\[(\\d+|\\*)(,\\d+)?])?|spark://[^/\\s]+:\\d+")) {
            throw new UsageException("--spark takes local[N] or spark://host:port, got " + master);
        }
        Method fit;
        try {
            fit = Class.forName(ENTRY).getMethod("fit", String.class, Network.class, Training.class, Dataset.class, BiConsumer.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new CliException("--spark needs myelin-spark and Spark on the classpath; run the train command through ./myelin, "
                    + "which adds them when --spark is given");
        }
        long[] epochStart = {System.nanoTime()};
        BiConsumer<Integer, Map<String, Double>> onEpoch = (epoch, logs) -> {
            double secs = (System.nanoTime() - epochStart[0]) / 1e9;
            epochStart[0] = System.nanoTime();
            synchronized (out) {
                out.println(ProgressPrinter.summary(epoch, training.epochs(), logs, secs, train.size()));
                out.flush();
            }
        };
        out.println("spark: " + master + ", synchronous data-parallel (one barrier stage, gradients all-reduced every step)");
        out.flush();
        try {
            return (List<Map<String, Double>>) fit.invoke(null, master, network, training, train, onEpoch);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new CliException("training on Spark failed: " + cause);
        } catch (IllegalAccessException e) {
            throw new CliException("training on Spark failed: " + e.getMessage());
        }
    }
}
