package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A session's training rules: early stopping rolls back and lets Play go on, Reset draws new weights, plane axes keep training. */
class SessionTest {
    static PlaygroundConfig config(String json) throws Exception {
        return PlaygroundConfig.fromJson(new ObjectMapper().readTree(json));
    }

    static void play(Session s, int epochs) {
        s.control("play");
        s.train(epochs, Long.MAX_VALUE);
    }

    @Test
    void earlyStoppingShowsTheRestoredEpochAndPlayTrainsOn() throws Exception {
        // a high learning rate on noisy data: the test loss stops improving quickly
        Session s = new Session("t", config("{\"dataset\":\"xor\",\"noise\":50,\"points\":200,\"learningRate\":1,"
                + "\"earlyStopping\":5,\"layers\":[{\"units\":8,\"activation\":\"relu\"}]}"));
        play(s, 500);
        assertThat(s.playing()).isFalse();
        assertThat(s.status()).startsWith("Early stopping at epoch");
        int restored = s.epoch();
        LossHistory.Point shown = s.last();
        // the shown metrics are those of the restored weights at the restored epoch
        assertThat(shown.epoch()).isEqualTo(restored);
        double testLoss = s.network().loss(s.data().test.x(), s.data().test.y(), s.loss());
        assertThat(shown.testLoss()).isEqualTo(testLoss);
        assertThat(s.history().getLast().epoch()).isEqualTo(restored);
        assertThat(s.status()).contains("restored the weights of epoch " + restored);
        // Play again: training goes on, past the patience, instead of reverting at once
        s.control("play");
        int closed = s.train(12, Long.MAX_VALUE);
        assertThat(closed).isEqualTo(12);
        assertThat(s.epoch()).isEqualTo(restored + 12);
        assertThat(s.playing()).isTrue();
    }

    @Test
    void resetDrawsNewWeightsAndTheSeedMakesThemRepeatable() throws Exception {
        Session s = new Session("t", config("{}"));
        double w0 = s.network().parameters().getFirst().value().get(0, 0);
        long seed0 = s.config().initSeed();
        s.control("reset");
        assertThat(s.config().initSeed()).isNotEqualTo(seed0);
        assertThat(s.network().parameters().getFirst().value().get(0, 0)).isNotEqualTo(w0);
        Session again = new Session("u", config("{\"initSeed\":" + s.config().initSeed() + "}"));
        assertThat(again.network().parameters().getFirst().value().get(0, 0))
                .isEqualTo(s.network().parameters().getFirst().value().get(0, 0));
    }

    @Test
    void changingThePlaneAxesOfACsvKeepsTheTraining() throws Exception {
        Session s = new Session("t", config("{}"));
        s.upload(CsvData.parse("blobs.csv", BrowserFixtures.threeBlobs(), null));
        s.configure(config("{\"dataset\":\"csv\",\"planeX\":0,\"planeY\":1}"));
        play(s, 3);
        int dataVersion = s.dataVersion();
        double w = s.network().parameters().getFirst().value().get(0, 0);
        s.configure(config("{\"dataset\":\"csv\",\"planeX\":0,\"planeY\":2}"));
        assertThat(s.epoch()).isEqualTo(3);
        assertThat(s.network().parameters().getFirst().value().get(0, 0)).isEqualTo(w);
        assertThat(s.dataVersion()).as("the points are sent again").isGreaterThan(dataVersion);
        assertThat(s.data().planeNames[1]).isEqualTo("c");
    }

    @Test
    void trainingStopsAtTheDeadlineAfterABatchNotAnEpoch() throws Exception {
        Session s = new Session("t", config("{\"points\":5000,\"batch\":1,\"layers\":[{\"units\":32},{\"units\":32},"
                + "{\"units\":32},{\"units\":32},{\"units\":32},{\"units\":32},{\"units\":32},{\"units\":32}]}"));
        s.control("play");
        long t0 = System.nanoTime();
        int closed = s.train(50, System.nanoTime() + 5_000_000);
        long took = System.nanoTime() - t0;
        assertThat(closed).isZero();
        assertThat(s.epoch()).isZero();
        System.out.printf("one 5 ms budget on 8x32, 2,500 batches of 1 per epoch: returned after %.1f ms%n", took / 1e6);
    }

    @Test
    void theReplayLogNamesWhatTheExportedCommandCannotReplay() throws Exception {
        Session s = new Session("t", config("{\"optimizer\":\"adam\",\"learningRate\":0.01}"));
        assertThat(s.unreplayable()).containsExactly("no epoch was trained; the command trains one");
        s.stepEpoch();
        s.stepEpoch();
        assertThat(s.unreplayable()).isEmpty();
        // speed and patience do not change how a batch updates the weights: the run (and Adam's moments) go on
        s.configure(config("{\"optimizer\":\"adam\",\"learningRate\":0.01,\"speed\":5,\"earlyStopping\":50}"));
        s.stepEpoch();
        assertThat(s.unreplayable()).isEmpty();
        // a new learning rate starts a new run on the current weights, which one command cannot replay
        s.configure(config("{\"optimizer\":\"adam\",\"learningRate\":0.02,\"speed\":5,\"earlyStopping\":50}"));
        s.stepEpoch();
        assertThat(s.unreplayable()).singleElement().asString().startsWith("the optimizer started afresh at epoch 3");
        s.setWeight(0, 0, 0, 0.25);
        assertThat(s.unreplayable()).last().isEqualTo("weights were edited by hand");
        // a reset starts over: nothing to explain but the untrained epoch
        s.control("reset");
        assertThat(s.unreplayable()).containsExactly("no epoch was trained; the command trains one");
    }
}
