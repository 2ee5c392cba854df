package dev.myelin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.activations.Activation;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.train.History;
import dev.myelin.train.Training;
import org.junit.jupiter.api.Test;

class XorSmokeTest {
    static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[][] Y = {{0}, {1}, {1}, {0}};

    @Test
    void learnsXor() {
        Network net = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(42).build();
        History h = net.fit(X, Y, Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(500).batchSize(4));
        assertThat(h.last("accuracy").getAsDouble()).isEqualTo(1.0);
        for (int i = 0; i < 4; i++) {
            assertThat(Math.round(net.predict(X[i])[0])).isEqualTo((long) Y[i][0]);
        }
    }
}
