package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MyelinRegressorTest {

    /** y = Σ x_j·(j+1)/f, a linear target: the fit must explain most of its variance, and reload to the same predictions. */
    @Test
    void fitsALinearTargetAndReloads(@TempDir Path dir) throws Exception {
        var train = SparkTests.table(200, 3, 0, 2);
        MyelinRegressionModel model = new MyelinRegressor().setLayers(8).setActivation("tanh").setEpochs(20).setBatchSize(20)
                .setLearningRate(0.02).setNumTasks(2).setSeed(5).fit(train);
        List<Row> rows = model.transform(train).collectAsList();
        double mean = rows.stream().mapToDouble(r -> r.getDouble(1)).average().orElseThrow();
        double ssTotal = rows.stream().mapToDouble(r -> Math.pow(r.getDouble(1) - mean, 2)).sum();
        double ssResidual = rows.stream().mapToDouble(r -> Math.pow(r.getDouble(1) - r.getDouble(2), 2)).sum();
        assertThat(1 - ssResidual / ssTotal).as("R²").isGreaterThan(0.9);

        String path = dir.resolve("reg").toString();
        model.write().save(path);
        List<Row> again = MyelinRegressionModel.load(path).transform(train).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(again.get(i).getDouble(2)).isEqualTo(rows.get(i).getDouble(2));
        }
    }
}
