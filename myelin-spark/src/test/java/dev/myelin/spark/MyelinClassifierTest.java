package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyelinClassifierTest {

    @Test
    void fitsPredictsSavesAndReloads(@TempDir Path dir) throws Exception {
        Dataset<Row> train = SparkTests.table(240, 4, 3, 2);
        MyelinClassifier mlp = new MyelinClassifier().setLayers(16).setEpochs(15).setBatchSize(32).setLearningRate(0.03)
                .setNumTasks(2).setSeed(7);
        MyelinClassificationModel model = mlp.fit(train);
        assertThat(model.numClasses()).isEqualTo(3);

        Dataset<Row> scored = model.transform(train);
        assertThat(scored.columns()).containsExactly("features", "label", "prediction", "probability");
        List<Row> rows = scored.collectAsList();
        long correct = rows.stream().filter(r -> r.getDouble(1) == r.getDouble(2)).count();
        assertThat((double) correct / rows.size()).as("training accuracy").isGreaterThan(0.8);
        Vector p = rows.get(0).getAs(3);
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.toArray()[0] + p.toArray()[1] + p.toArray()[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));

        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        assertThat(dir.resolve("model").resolve("model.safetensors")).isRegularFile();
        MyelinClassificationModel back = MyelinClassificationModel.load(path);
        assertThat(back.uid()).isEqualTo(model.uid());
        assertThat(back.getProbabilityCol()).isEqualTo("probability");
        List<Row> again = back.transform(train).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(again.get(i).getDouble(2)).isEqualTo(rows.get(i).getDouble(2));
            assertThat(((Vector) again.get(i).getAs(3)).toArray()).containsExactly(((Vector) rows.get(i).getAs(3)).toArray());
        }
    }

    @Test
    void transformSchemaNamesTheBadColumn() {
        StructType schema = SparkTests.table(4, 2, 2, 1).schema();
        assertThat(new MyelinClassifier().transformSchema(schema).fieldNames())
                .containsExactly("features", "label", "prediction", "probability");
        assertThatThrownBy(() -> new MyelinClassifier().setFeaturesCol("label").transformSchema(schema))
                .hasMessage("the column label must be a Vector (e.g. from VectorAssembler), but it is double");
        assertThatThrownBy(() -> new MyelinClassifier().setLabelCol("y").transformSchema(schema))
                .hasMessageStartingWith("there is no column y");
    }

    @Test
    void theEstimatorRoundTripsItsParams(@TempDir Path dir) throws Exception {
        SparkTests.spark();
        MyelinClassifier mlp = new MyelinClassifier().setLayers(32, 16).setActivation("tanh").setOptimizer("sgd").setEpochs(3);
        String path = dir.resolve("est").toString();
        mlp.write().save(path);
        MyelinClassifier back = MyelinClassifier.load(path);
        assertThat(back.getLayers()).containsExactly(32, 16);
        assertThat(back.getActivation()).isEqualTo("tanh");
        assertThat(back.getOptimizer()).isEqualTo("sgd");
        assertThat(back.getEpochs()).isEqualTo(3);
        assertThat(back.uid()).isEqualTo(mlp.uid());
    }
}
