package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * scripts/spark-cluster.sh: a standalone master and worker on loopback, and a fit on them. The worker
 * runs two executors of one core each, so the two barrier tasks run in different JVMs and exchange
 * their gradients over TCP ({@link StarAllReduce}; the tests in local mode use the in-JVM exchange). It
 * starts four JVMs (master, worker, two executors), about 30 s on an idle machine and minutes on a busy
 * one, so it runs when asked: {@code mvn -pl myelin-spark -am test -Dmyelin.spark.cluster=true}.
 */
@EnabledIfSystemProperty(named = "myelin.spark.cluster", matches = "true")
class SparkClusterTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void trainsOnAStandaloneClusterStartedByTheScript() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/spark-cluster-test").toAbsolutePath()); // logs stay for a failure's diagnosis
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String url = script("start", port, dir, classpath);
        try {
            assertThat(url).isEqualTo("spark://127.0.0.1:" + port);
            SparkTests.stop();
            String flags = String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-modules") || a.startsWith("-Djdk.reflect")
                            || a.startsWith("-Dio.netty") || a.startsWith("--enable-native-access"))
                    .toList());
            SparkSession spark = SparkSession.builder().master(url).appName("myelin-spark-cluster-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.executor.memory", "768m")
                    .config("spark.executor.cores", "1") // two executors: the tasks exchange over TCP, across JVMs
                    .config("spark.executor.extraClassPath", classpath)
                    .config("spark.executor.extraJavaOptions", flags)
                    .getOrCreate();
            try {
                var train = SparkTests.table(spark, 120, 3, 2, 2);
                MyelinClassificationModel model = new MyelinClassifier().setLayers(8).setEpochs(20).setBatchSize(20)
                        .setLearningRate(0.05).setNumTasks(2).fit(train);
                long correct = model.transform(train).collectAsList().stream()
                        .filter((Row r) -> r.getDouble(1) == r.getDouble(2)).count();
                assertThat(correct / 120.0).as("training accuracy on the cluster").isGreaterThan(0.8);
            } finally {
                spark.stop();
            }
        } finally {
            script("stop", port, dir, classpath);
        }
    }

    private static String script(String command, int port, Path dir, String classpath) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("scripts/spark-cluster.sh").toString(), command)
                .redirectError(dir.resolve(command + ".err").toFile());
        pb.environment().put("MYELIN_SPARK_PORT", Integer.toString(port));
        pb.environment().put("MYELIN_SPARK_DIR", dir.resolve("cluster").toString());
        pb.environment().put("MYELIN_SPARK_CLASSPATH", classpath);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the script finished").isTrue();
        assertThat(p.exitValue()).as("spark-cluster.sh " + command + ": " + java.nio.file.Files.readString(dir.resolve(command + ".err")))
                .isZero();
        return out;
    }
}
