import dev.myelin.spark.MyelinClassificationModel;
import dev.myelin.spark.MyelinClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark ML pipeline with Myelin's classifier in it: assemble two columns into a vector, scale them,
 * train a 2-32-32-2 network data-parallel on the cluster, save the fitted pipeline, load it back and
 * score with the loaded copy. Where MLlib's MultilayerPerceptronClassifier would sit, one line changes.
 *
 * <pre>
 *   java [Spark's --add-opens flags] -cp myelin-core.jar:myelin-spark.jar:SPARK_JARS MyelinPipelineExample local[2] /tmp/pipeline
 * </pre>
 * Prints the test accuracy of the fitted and of the reloaded pipeline (they are the same).
 */
public final class MyelinPipelineExample {
    private MyelinPipelineExample() {}

    public static void main(String[] args) throws Exception {
        String master = args.length > 0 ? args[0] : "local[2]";
        String path = args.length > 1 ? args[1] : "/tmp/myelin-pipeline";
        SparkSession spark = SparkSession.builder().master(master).appName("myelin-pipeline-example")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            // A circle: label 1 inside radius 0.6, 0 outside (no line separates them).
            Dataset<Row> points = spark.range(0, 1200, 1, 2).selectExpr(
                    "sin(id * 12.9898) * 43758.5453 - floor(sin(id * 12.9898) * 43758.5453) AS u",
                    "sin(id * 78.233) * 12543.123 - floor(sin(id * 78.233) * 12543.123) AS v")
                    .selectExpr("2 * u - 1 AS x1", "2 * v - 1 AS x2")
                    .selectExpr("x1", "x2", "CAST(x1 * x1 + x2 * x2 < 0.36 AS DOUBLE) AS label");
            Dataset<Row>[] parts = points.randomSplit(new double[] {0.8, 0.2}, 7);

            MyelinClassifier mlp = new MyelinClassifier()
                    .setFeaturesCol("scaled")
                    .setLayers(32, 32)
                    .setActivation("tanh")
                    .setOptimizer("adam")
                    .setLearningRate(0.02)
                    .setBatchSize(48)
                    .setEpochs(25)
                    .setSeed(42);
            Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
                new StandardScaler().setInputCol("features").setOutputCol("scaled"),
                mlp});
            PipelineModel fitted = pipeline.fit(parts[0]);
            fitted.write().overwrite().save(path);
            PipelineModel loaded = PipelineModel.load(path);

            MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
            double before = accuracy.evaluate(fitted.transform(parts[1]));
            double after = accuracy.evaluate(loaded.transform(parts[1]));
            MyelinClassificationModel model = (MyelinClassificationModel) loaded.stages()[2];
            System.out.printf("network: %d parameters, %d classes; saved to %s (the Myelin model is %s/stages/2_%s/model.safetensors)%n",
                    model.network().parameterCount(), model.numClasses(), path, path, model.uid());
            System.out.printf("test accuracy: fitted %.4f, reloaded %.4f%n", before, after);
        } finally {
            spark.stop();
        }
    }
}
