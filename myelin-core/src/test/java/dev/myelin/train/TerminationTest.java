package dev.myelin.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.data.Synthetic;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The four termination criteria of notes 002 on real training runs: the number of epochs, a
 * threshold on the training error, no decrease in error, and a rising validation error, each with the
 * reason {@link History#stopReason()} gives; and early stopping's restored weights.
 */
class TerminationTest {
    static final double[][] XOR_X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[][] XOR_Y = {{0}, {1}, {1}, {0}};

    static Network xorNet() {
        return Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(42)
                .precision(Precision.FLOAT64).build();
    }

    /** Keeps a copy of the weights at the end of every epoch. */
    static final class Snapshots implements TrainingListener {
        final List<Network> perEpoch = new ArrayList<>();

        @Override
        public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
            perEpoch.add(Network.of(state.network().copy()));
        }
    }

    static double[][] weights(Network n) {
        return n.parameters().stream().map(p -> {
            double[] v = new double[p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = p.value().get(i);
            }
            return v;
        }).toArray(double[][]::new);
    }

    @Test
    void numberOfEpochs() {
        History h = xorNet().fit(XOR_X, XOR_Y, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(37).batchSize(4));
        assertThat(h.epochs()).isEqualTo(37);
        assertThat(h.stopReason()).isEmpty();
    }

    @Test
    void trainingErrorBelowAThreshold() {
        History h = xorNet().fit(XOR_X, XOR_Y, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(500).batchSize(4)
                .stopWhenLossBelow(0.1));
        double[] loss = h.series("loss");
        assertThat(h.epochs()).isBetween(2, 499);
        assertThat(loss[loss.length - 1]).isLessThan(0.1);
        assertThat(loss[loss.length - 2]).isGreaterThanOrEqualTo(0.1); // it stopped at the first epoch below
        assertThat(h.stopReason()).contains("fell below the threshold 0.1");
    }

    @Test
    void noDecreaseInTrainingError() {
        // slow gradient descent: the loss soon improves by less than the min delta of 1e-3 per epoch
        EarlyStopping es = new EarlyStopping("loss", 3, 1e-3, false);
        History h = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(3)
                .precision(Precision.FLOAT64).build()
                .fit(Synthetic.gauss(60, 20, 1), Training.of(Loss.BINARY_CROSS_ENTROPY, new Sgd(0.01)).epochs(1000).batchSize(60)
                        .earlyStopping(es));
        double[] loss = h.series("loss");
        assertThat(h.epochs()).isLessThan(1000);
        assertThat(h.stopReason()).contains("loss did not improve for 3 epochs");
        // the policy, checked on the logged series: the last 3 epochs never beat the best by 1e-3
        int n = loss.length;
        assertThat(es.bestEpoch()).isEqualTo(n - 4);
        for (int e = n - 3; e < n; e++) {
            assertThat(loss[e]).isGreaterThanOrEqualTo(es.best() - 1e-3);
        }
        assertThat(loss[n - 4]).isEqualTo(es.best());
    }

    @Test
    void risingValidationErrorStopsAndRestoresTheBestWeights() {
        // 40 noisy XOR points (labels flipped near the axes) and a wide network overfit: the error on
        // 400 clean points first falls, then rises
        Dataset train = Synthetic.xor(40, 50, 1);
        Dataset val = Synthetic.xor(400, 0, 99);
        Network net = Network.builder(2).dense(32, Activation.TANH).dense(32, Activation.TANH).dense(1, Activation.SIGMOID)
                .seed(1).precision(Precision.FLOAT64).build();
        Snapshots snapshots = new Snapshots();
        EarlyStopping es = EarlyStopping.onValidationLoss(10);
        History h = net.fit(train, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.02)).epochs(300).batchSize(40)
                .validation(val).listener(snapshots).earlyStopping(es));
        double[] valLoss = h.series("val_loss");
        int argmin = 0;
        for (int e = 1; e < valLoss.length; e++) {
            if (valLoss[e] < valLoss[argmin]) {
                argmin = e;
            }
        }
        assertThat(h.stopReason()).contains("val_loss did not improve for 10 epochs");
        assertThat(es.bestEpoch()).isEqualTo(argmin).isGreaterThan(5);
        assertThat(h.epochs()).isEqualTo(argmin + 1 + 10);
        assertThat(valLoss[valLoss.length - 1]).isGreaterThan(valLoss[argmin]);
        // the network ends with exactly the weights it had at the end of its best epoch
        assertThat(weights(net)).isDeepEqualTo(weights(snapshots.perEpoch.get(argmin)));
        assertThat(weights(net)).isNotEqualTo(weights(snapshots.perEpoch.get(h.epochs() - 1)));
        assertThat(Trainer.evaluate(net, val, Loss.BINARY_CROSS_ENTROPY).loss()).isEqualTo(valLoss[argmin]);
    }

    @Test
    void validationAccuracyCanBeMonitoredWithAMinDelta() {
        Dataset train = Synthetic.xor(40, 50, 1);
        Dataset val = Synthetic.xor(400, 0, 99);
        Network net = Network.builder(2).dense(32, Activation.TANH).dense(32, Activation.TANH).dense(1, Activation.SIGMOID)
                .seed(1).precision(Precision.FLOAT64).build();
        Snapshots snapshots = new Snapshots();
        EarlyStopping es = new EarlyStopping("val_accuracy", 15, 0.01, true);
        History h = net.fit(train, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.02)).epochs(300).batchSize(40)
                .validation(val).listener(snapshots).earlyStopping(es));
        double[] acc = h.series("val_accuracy");
        assertThat(h.stopReason()).contains("val_accuracy did not improve for 15 epochs");
        assertThat(h.epochs()).isEqualTo(es.bestEpoch() + 1 + 15);
        // no later epoch beat the best by more than the 0.01 min delta
        for (int e = es.bestEpoch() + 1; e < acc.length; e++) {
            assertThat(acc[e]).isLessThanOrEqualTo(es.best() + 0.01);
        }
        assertThat(es.best()).isEqualTo(acc[es.bestEpoch()]).isGreaterThan(0.8);
        assertThat(weights(net)).isDeepEqualTo(weights(snapshots.perEpoch.get(es.bestEpoch())));
    }
}
