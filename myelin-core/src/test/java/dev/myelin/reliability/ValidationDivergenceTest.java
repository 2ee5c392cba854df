package dev.myelin.reliability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;

/**
 * A run whose training loss stays finite but whose validation loss is NaN (weights that overflow on
 * other data) stops with the divergence error instead of printing {@code val_loss NaN}, saving a
 * model that answers NaN and exiting 0 (issue 15).
 */
class ValidationDivergenceTest {
    @Test
    void aNonFiniteValidationLossStopsTheRun() {
        Network net = Network.builder(2).dense(4, Activation.RELU).dense(1, Activation.SIGMOID).seed(3).build();
        Dataset train = new Dataset(Matrix.of(new double[][] {{0.1, 0.2}, {0.3, -0.1}, {-0.2, 0.4}, {0.0, 0.1}}, Precision.FLOAT64),
                Matrix.of(new double[][] {{0}, {1}, {1}, {0}}, Precision.FLOAT64));
        // float32 inputs of ±3e38: x·W overflows to ±infinity, and ∞ − ∞ in the next layer is NaN
        Dataset validation = new Dataset(Matrix.of(new double[][] {{3e38, -3e38}, {-3e38, 3e38}}, Precision.FLOAT64),
                Matrix.of(new double[][] {{0}, {1}}, Precision.FLOAT64));
        Training t = Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.1)).epochs(3).batchSize(4).seed(1).validation(validation);
        assertThatThrownBy(() -> net.fit(train, t))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("training diverged at epoch 1, batch 1: the validation loss is NaN");
    }
}
