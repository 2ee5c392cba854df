package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.data.Labels;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;

/**
 * The metrics a frame shows for the current weights: the training and test loss E (dropout off, the
 * configured loss averaged over the examples) and, for classification, the accuracy (the share of
 * examples whose arg-max output, or output ≥ 0.5 for one column, is the true class).
 */
final class Measurement {
    private Measurement() {}

    static LossHistory.Point of(Network network, PlaygroundData data, Loss loss, int epoch) {
        double trainLoss = network.loss(data.train.x(), data.train.y(), loss);
        double testLoss = network.loss(data.test.x(), data.test.y(), loss);
        double trainAcc = Double.NaN, testAcc = Double.NaN;
        if (!data.regression) {
            trainAcc = accuracy(network, data.train.x(), data.train.y());
            testAcc = accuracy(network, data.test.x(), data.test.y());
        }
        return new LossHistory.Point(epoch, trainLoss, testLoss, trainAcc, testAcc);
    }

    private static double accuracy(Network network, Matrix x, Matrix y) {
        int[] predicted = Labels.of(network.predict(x));
        int[] actual = Labels.of(y);
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            right += predicted[i] == actual[i] ? 1 : 0;
        }
        return actual.length == 0 ? Double.NaN : (double) right / actual.length;
    }
}
