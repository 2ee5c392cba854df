package dev.myelin.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Model;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.io.ModelInfo;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Per-epoch validation and early stopping on Spark: the logs of one machine (val_loss, val_accuracy
 * of the whole validation set, in the same order), and early stopping decided on the global logs,
 * restoring the best epoch's weights.
 */
class ValidationOnSparkTest {
    private static final int N = 64;
    private static final int F = 4;
    private static final int K = 3;

    private static Network network(long seed) {
        return new MyelinClassifier().setLayers(8).setPrecision("float64").setSeed(seed).buildNetwork(F, K, Activation.SOFTMAX);
    }

    private static TrainerSettings settings(int epochs) {
        return new TrainerSettings("categorical_cross_entropy", "adam", 0.02, 0, 8, epochs, 5, 2, "");
    }

    /** The training table's first {@code n} rows with each label moved to the next class (shift 1) or kept (shift 0). */
    private static Dataset shifted(int n, int shift) {
        List<Row> rows = SparkTests.table(N, F, K, 2).collectAsList();
        Matrix x = Matrix.zeros(n, F, Precision.FLOAT64);
        Matrix y = Matrix.zeros(n, K, Precision.FLOAT64);
        for (int r = 0; r < n; r++) {
            double[] v = ((Vector) rows.get(r).get(0)).toArray();
            for (int c = 0; c < F; c++) {
                x.set(r, c, v[c]);
            }
            y.set(r, ((int) rows.get(r).getDouble(1) + shift) % K, 1);
        }
        return new Dataset(x, y);
    }

    private static TaskResult fit(TrainerSettings settings, Dataset validation, long seed) {
        Network start = network(seed);
        return new DataParallelTrainer(settings).validation(validation)
                .fit(new Model(start, ModelInfo.defaults(start)), TrainingData.of(SparkTests.table(N, F, K, 2), "features", "label", true), null);
    }

    @Test
    void logsTheWholeValidationSetsLossAndAccuracyInOneMachinesOrder() {
        Dataset validation = shifted(21, 0); // 21 rows: the two tasks evaluate 10 and 11
        TaskResult result = fit(settings(2), validation, 5);
        Map<String, Double> last = result.history().get(1);
        assertThat(last.keySet()).containsExactly("loss", "accuracy", "val_loss", "val_accuracy", "lr");
        Trainer.Evaluation whole = Trainer.evaluate(result.model().network(), validation, Loss.CATEGORICAL_CROSS_ENTROPY);
        assertThat(last.get("val_loss")).isCloseTo(whole.loss(), within(1e-12));
        assertThat(last.get("val_accuracy")).isCloseTo(whole.accuracy(), within(1e-12));
    }

    @Test
    void aValidationSplitHoldsOutTheSameShareOnEveryTask() {
        TaskResult result = fit(settings(2).withValidation(0.25, null), null, 5);
        assertThat(result.history()).hasSize(2);
        assertThat(result.history().get(1)).containsKeys("val_loss", "val_accuracy");
        assertThat(result.history().get(1).get("val_loss")).isFinite().isPositive();
    }

    @Test
    void earlyStoppingStopsOnTheGlobalValidationLossAndRestoresTheBestEpoch() {
        // labels moved by one class: the better the network learns the training labels, the worse this loss
        Dataset rising = shifted(N, 1);
        TrainerSettings.Stopping patience1 = new TrainerSettings.Stopping("val_loss", 1, 0, true);
        TaskResult stopped = fit(settings(6).withValidation(0, patience1), rising, 5);
        TaskResult oneEpoch = fit(settings(1), rising, 5);
        List<Map<String, Double>> h = stopped.history();
        assertThat(h.get(1).get("val_loss")).as("the validation loss rose after epoch 0").isGreaterThan(h.get(0).get("val_loss"));
        assertThat(h).as("stopped at the first epoch without improvement").hasSize(2);
        assertThat(stopped.stopReason()).startsWith("early stopping: val_loss did not improve");
        // the restored weights are epoch 0's: the bits of a one-epoch fit
        for (var e : stopped.model().network().namedParameters().entrySet()) {
            assertThat(e.getValue().value().doubles()).as(e.getKey())
                    .containsExactly(oneEpoch.model().network().namedParameters().get(e.getKey()).value().doubles());
        }
    }
}
