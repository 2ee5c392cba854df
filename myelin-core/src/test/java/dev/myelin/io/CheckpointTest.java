package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.init.Rng;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.optim.Momentum;
import dev.myelin.optim.OptimizerState;
import dev.myelin.optim.Sgd;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import dev.myelin.train.History;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import dev.myelin.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckpointTest {
    static final int EPOCHS = 6;
    static final int DONE = 2;

    @TempDir
    Path dir;

    static Network network(Precision p) {
        return Network.builder(4).dense(16, Activation.RELU).dropout(0.3).dense(8, Activation.TANH).dropout(0.1)
                .dense(3, Activation.SOFTMAX).seed(2024).precision(p).build();
    }

    /** 60 examples of 3 classes: class = argmax of the first three features plus noise. */
    static Dataset data() {
        Rng rng = new Rng(5);
        double[][] x = new double[60][4];
        int[] labels = new int[60];
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = rng.nextGaussian();
            }
            labels[i] = x[i][0] > x[i][1] ? (x[i][0] > x[i][2] ? 0 : 2) : (x[i][1] > x[i][2] ? 1 : 2);
        }
        return Dataset.ofLabels(x, labels, 3);
    }

    static Training training(Adam adam, int epochs) {
        return Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, adam).epochs(epochs).batchSize(7).seed(11).validationSplit(0.2);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void resumingGivesBitIdenticalWeightsToAnUninterruptedRun(Precision p) throws IOException {
        Dataset data = data();
        Network straight = network(p);
        History full = straight.fit(data, training(new Adam(0.01), EPOCHS));

        Network first = network(p);
        Adam adam = new Adam(0.01);
        TrainingRun run = new Trainer(first, training(adam, DONE)).start(data);
        History part = finish(run);
        Map<String, String> config = Map.of("optimizer", "adam", "lr", "0.01", "batch-size", "7");
        Checkpoint.save(dir, Model.of(first), run.optimizerState(), DONE, part, config);

        Adam fresh = new Adam(0.01);
        Checkpoint.Resumed r = Checkpoint.load(dir, fresh);
        assertThat(r.epochsDone()).isEqualTo(DONE);
        assertThat(r.trainingConfig()).isEqualTo(config);
        assertThat(r.history()).hasSize(DONE);
        for (int e = 0; e < DONE; e++) {
            assertThat(r.history().get(e)).isEqualTo(full.epoch(e));
        }
        assertThat(r.optimizerState().steps()).isEqualTo(run.optimizerState().steps()).isEqualTo(DONE * 7L); // 48 examples / 7 → 7 batches
        Network resumed = r.model().network();
        assertThat(resumed.precision()).isEqualTo(p);
        assertThat(resumed.rngStates()).containsExactly(first.rngStates());
        History rest = finish(new Trainer(resumed, training(fresh, EPOCHS).startEpoch(r.epochsDone())).start(data, r.optimizerState()));
        assertThat(rest.epochs()).isEqualTo(EPOCHS - DONE);
        assertThat(rest.epoch(EPOCHS - DONE - 1)).isEqualTo(full.epoch(EPOCHS - 1));

        var a = straight.namedParameters();
        var b = resumed.namedParameters();
        for (String name : a.keySet()) {
            ModelFileTest.assertBitIdentical(b.get(name).value(), a.get(name).value());
        }
        assertThat(a.get("layers.0.weight").value().get(0)).isNotEqualTo(network(p).namedParameters().get("layers.0.weight").value().get(0));
    }

    @Test
    void keepsOnlyTheNewestCompleteCheckpoint() throws IOException {
        Network net = network(Precision.FLOAT32);
        OptimizerState opt = fitState(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, new Momentum(0.1, 0.9, false)).epochs(1).batchSize(60));
        Checkpoint.save(dir, Model.of(net), opt, 1, (History) null);
        Checkpoint.save(dir, Model.of(net), opt, 2, (History) null);
        assertThat(Files.readString(dir.resolve("latest"))).isEqualTo("epoch-2\n");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(f -> f.getFileName().toString()).sorted()).containsExactly("epoch-2", "latest");
        }
        try (var entries = Files.list(dir.resolve("epoch-2"))) {
            assertThat(entries.map(f -> f.getFileName().toString()).sorted())
                    .containsExactly("manifest.json", "model.safetensors", "optimizer.safetensors");
        }
        // Saving the same epoch again writes a new directory first, then switches latest to it.
        Checkpoint.save(dir, Model.of(net), opt, 2, (History) null);
        assertThat(Files.readString(dir.resolve("latest"))).isEqualTo("epoch-2.1\n");
        assertThat(Files.exists(dir.resolve("epoch-2"))).isFalse();
        assertThat(Checkpoint.load(dir, new Momentum(0.1, 0.9, false)).epochsDone()).isEqualTo(2);
    }

    @Test
    void aHalfWrittenCheckpointIsNeverTakenAsComplete() throws IOException {
        Network net = network(Precision.FLOAT64);
        OptimizerState sgd = new Sgd(0.1).start(net);
        Checkpoint.save(dir, Model.of(net), sgd, 3, List.of(Map.of("loss", 0.5, "val_loss", Double.NaN)), Map.of());
        // A crash while writing epoch 4: its files exist but neither its manifest nor the pointer was written.
        Files.createDirectories(dir.resolve("epoch-4"));
        ModelFile.save(dir.resolve("epoch-4/model.safetensors"), Model.of(net));
        Checkpoint.Resumed r = Checkpoint.load(dir, new Sgd(0.1));
        assertThat(r.epochsDone()).isEqualTo(3);
        assertThat(r.history()).hasSize(1);
        assertThat(r.history().get(0).get("loss")).isEqualTo(0.5);
        assertThat(r.history().get(0).get("val_loss")).isNaN();
        // Without the pointer, the newest directory that has a manifest wins.
        Files.delete(dir.resolve("latest"));
        assertThat(Checkpoint.load(dir, new Sgd(0.1)).epochsDone()).isEqualTo(3);
        Files.move(dir.resolve("epoch-3"), dir.resolve("old"));
        assertThatThrownBy(() -> Checkpoint.load(dir, new Sgd(0.1))).isInstanceOf(ModelFormatException.class)
                .hasMessage(dir.getFileName() + ": no complete checkpoint here (no latest file and no epoch-N/manifest.json)");
    }

    @Test
    void detectsDamagedFilesAndAnotherOptimizer() throws IOException {
        Network net = network(Precision.FLOAT32);
        OptimizerState adam = fitState(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, new Adam(0.01)).epochs(1).batchSize(60));
        Checkpoint.save(dir, Model.of(net), adam, 1, (History) null);
        assertThatThrownBy(() -> Checkpoint.load(dir, new Sgd(0.1))).isInstanceOf(ModelFormatException.class)
                .hasMessage("manifest.json: the checkpoint was saved with the optimizer adam, not sgd");
        Path opt = dir.resolve("epoch-1/optimizer.safetensors");
        byte[] bytes = Files.readAllBytes(opt);
        bytes[bytes.length - 1] ^= 1;
        Files.write(opt, bytes);
        assertThatThrownBy(() -> Checkpoint.load(dir, new Adam(0.01))).isInstanceOf(ModelFormatException.class)
                .hasMessage("optimizer.safetensors: the file differs from the one the checkpoint's manifest lists (size or SHA-256)");
        Files.writeString(dir.resolve("latest"), "../../etc\n");
        assertThatThrownBy(() -> Checkpoint.load(dir, new Adam(0.01)))
                .hasMessage("latest: expected the name of a checkpoint directory like epoch-5, found \"../../etc\"");
    }

    @Test
    void optimizerStateTensorsAreNamedByParameterAndSlot() throws IOException {
        Network net = network(Precision.FLOAT64);
        OptimizerState adam = fitState(net, Training.of(Loss.CATEGORICAL_CROSS_ENTROPY, new Adam(0.01)).epochs(1).batchSize(60));
        Checkpoint.save(dir, Model.of(net), adam, 1, (History) null);
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("epoch-1/optimizer.safetensors"))) {
            SafeTensors.Header h = SafeTensors.readHeader(ch, dir.resolve("optimizer.safetensors"));
            assertThat(h.tensors().keySet()).startsWith("layers.0.weight.exp_avg", "layers.0.weight.exp_avg_sq",
                    "layers.0.bias.exp_avg", "layers.0.bias.exp_avg_sq");
            assertThat(h.tensors()).hasSize(12);
            assertThat(h.tensors().get("layers.0.bias.exp_avg_sq").shape()).containsExactly(16);
            assertThat(h.metadata()).containsEntry("myelin.optimizer", "adam").containsEntry("myelin.steps", "1");
            Matrix m = SafeTensors.readTensor(ch, dir, h, h.tensors().get("layers.4.bias.exp_avg"), 1, 3, Precision.FLOAT64);
            assertThat(m.toArray()).isDeepEqualTo(adam.tensors().get("layers.4.bias.exp_avg").toArray());
            assertThat(new java.util.ArrayList<>(adam.tensors().keySet())).isEqualTo(new java.util.ArrayList<>(h.tensors().keySet()));
        }
    }

    private static History finish(TrainingRun run) {
        while (!run.finished()) {
            run.step();
        }
        return run.finish();
    }

    private OptimizerState fitState(Network net, Training training) {
        TrainingRun run = new Trainer(net, training).start(data());
        finish(run);
        return run.optimizerState();
    }
}
