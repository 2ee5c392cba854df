package dev.myelin.playground;

import dev.myelin.Network;
import dev.myelin.data.Labels;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.ConfusionMatrix;
import dev.myelin.tensor.Matrix;

/**
 * The metrics a frame shows for the current weights: the training and test loss E (dropout off, the
 * configured loss averaged over the examples) and, for classification, the accuracy (the share of
 * examples whose arg-max output, or output ≥ 0.5 for one column, is the true class) and the test
 * set's confusion matrix, from the same predictions (so the matrix always agrees with the test
 * accuracy shown, and frames need no pass over the test set of their own).
 *
 * @param point the losses and accuracies of the epoch
 * @param confusion the test set's counts, rows actual and columns predicted class; null for regression
 */
record Measurement(LossHistory.Point point, long[][] confusion) {

    static Measurement of(Network network, PlaygroundData data, Loss loss, int epoch) {
        double trainLoss = network.loss(data.train.x(), data.train.y(), loss);
        double testLoss = network.loss(data.test.x(), data.test.y(), loss);
        double trainAcc = Double.NaN, testAcc = Double.NaN;
        long[][] confusion = null;
        if (!data.regression) {
            trainAcc = accuracy(network.predict(data.train.x()), data.train.y());
            Matrix test = network.predict(data.test.x());
            testAcc = accuracy(test, data.test.y());
            confusion = ConfusionMatrix.of(test, data.test.y()).counts();
        }
        return new Measurement(new LossHistory.Point(epoch, trainLoss, testLoss, trainAcc, testAcc), confusion);
    }

    private static double accuracy(Matrix output, Matrix y) {
        int[] predicted = Labels.of(output);
        int[] actual = Labels.of(y);
        int right = 0;
        for (int i = 0; i < actual.length; i++) {
            right += predicted[i] == actual[i] ? 1 : 0;
        }
        return actual.length == 0 ? Double.NaN : (double) right / actual.length;
    }
}
