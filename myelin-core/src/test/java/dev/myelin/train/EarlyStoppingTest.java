package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping as pure policy over logged metrics, fed by hand: which epoch is best, when it stops
 * (Keras: after {@code patience} consecutive epochs without an improvement larger than min delta), and
 * that it restores the best epoch's weights.
 */
class EarlyStoppingTest {

    static Network net() {
        return Network.builder(1).dense(1, Activation.IDENTITY).precision(Precision.FLOAT64).build();
    }

    /** Feeds the monitored series; the network's single weight is set to the epoch number first. Returns the epochs run. */
    static int feed(EarlyStopping es, TrainingState state, String metric, double... values) {
        es.onTrainBegin(state);
        int e = 0;
        for (; e < values.length && !state.stopRequested(); e++) {
            state.network().parameters().get(0).value().set(0, e);
            es.onEpochEnd(state, e, Map.of(metric, values[e]));
        }
        es.onTrainEnd(state, new History());
        return e;
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
        TrainingState state = stateOf(net());
        EarlyStopping es = new EarlyStopping("val_loss", 2, 0.05, true);
        // 1.0 best; 0.8 < 1.0 − 0.05 improves (epoch 1); 0.79 is not 0.05 better (wait 1); 0.85 (wait 2) → stop
        int run = feed(es, state, "val_loss", 1.0, 0.8, 0.79, 0.85, 0.5, 0.4);
        assertThat(run).isEqualTo(4);
        assertThat(es.bestEpoch()).isEqualTo(1);
        assertThat(es.best()).isEqualTo(0.8);
        assertThat(state.stopReason()).contains("val_loss did not improve for 2 epochs").contains("epoch 2");
        // restored: the weight holds the number of the best epoch
        assertThat(state.network().parameters().get(0).value().get(0)).isEqualTo(1.0);
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochThatDoesNotImprove() {
        TrainingState state = stateOf(net());
        EarlyStopping es = new EarlyStopping("loss", 0, 0, false);
        assertThat(feed(es, state, "loss", 3, 2, 1, 1, 0.5)).isEqualTo(4);
        assertThat(es.bestEpoch()).isEqualTo(2);
        // no restoring: the weights of the last epoch run stay
        assertThat(state.network().parameters().get(0).value().get(0)).isEqualTo(3.0);
    }

    @Test
    void accuracyIsBetterWhenHigher() {
        TrainingState state = stateOf(net());
        EarlyStopping es = new EarlyStopping("val_accuracy", 1, 0, true);
        assertThat(feed(es, state, "val_accuracy", 0.5, 0.7, 0.9, 0.8, 0.95)).isEqualTo(4);
        assertThat(es.bestEpoch()).isEqualTo(2);
        assertThat(state.network().parameters().get(0).value().get(0)).isEqualTo(2.0);
    }

    @Test
    void keepsGoingWhileItImproves() {
        TrainingState state = stateOf(net());
        EarlyStopping es = new EarlyStopping("loss", 1, 0, true);
        assertThat(feed(es, state, "loss", 5, 4, 3, 2, 1)).isEqualTo(5);
        assertThat(state.stopRequested()).isFalse();
        assertThat(es.bestEpoch()).isEqualTo(4);
    }

    @Test
    void namesAMissingMetric() {
        TrainingState state = stateOf(net());
        EarlyStopping es = new EarlyStopping("val_loss", 1, 0, true);
        es.onTrainBegin(state);
        assertThatThrownBy(() -> es.onEpochEnd(state, 0, Map.of("loss", 1.0)))
                .hasMessageContaining("val_loss").hasMessageContaining("loss");
        assertThatThrownBy(() -> new EarlyStopping("loss", -1, 0, true)).hasMessageContaining("patience");
    }

    private static TrainingState stateOf(Network network) {
        return new Trainer(network, Training.of(Loss.MSE, new Sgd(0.1)).epochs(100))
                .start(Dataset.of(new double[][] {new double[network.inputs()]}, new double[][] {new double[network.outputs()]}))
                .state();
    }
}
