package dev.myelin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.activations.Activation;
import dev.myelin.io.ModelFormatException;
import dev.myelin.optim.Sgd;
import dev.myelin.optim.OptimizerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint history as an append-only file ({@link CheckpointHistory}): a save appends only the
 * new epoch's line and the manifest stays the same size, a crashed save's tail is ignored and cut off,
 * a cut or edited file is refused naming it, and checkpoints with the history inline still load.
 */
class CheckpointHistoryTest {
    @TempDir
    Path dir;

    final Network net = Network.builder(2).dense(2, Activation.TANH).dense(1, Activation.SIGMOID).seed(3).build();
    final OptimizerState sgd = new Sgd(0.1).start(net);

    static Map<String, Double> row(int epoch) {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("loss", 1.0 / (epoch + 1));
        r.put("val_loss", epoch == 2 ? Double.NaN : 0.5 / (epoch + 1));
        return r;
    }

    private List<Map<String, Double>> saveEpochs(int n) throws Exception {
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            rows.add(row(e));
            Checkpoint.save(dir, Model.of(net), sgd, e + 1, rows, Map.of("epochs", "100"));
        }
        return rows;
    }

    private Path manifest() throws Exception {
        return dir.resolve(Files.readString(dir.resolve("latest")).strip()).resolve("manifest.json");
    }

    @Test
    void eachSaveAppendsOneLineAndTheManifestDoesNotGrow() throws Exception {
        saveEpochs(5);
        long manifestAt5 = Files.size(manifest());
        byte[] fileAt5 = Files.readAllBytes(dir.resolve(CheckpointHistory.FILE));
        List<Map<String, Double>> rows = new ArrayList<>(Checkpoint.load(dir, new Sgd(0.1)).history());
        for (int e = 5; e < 40; e++) {
            rows.add(row(e));
            Checkpoint.save(dir, Model.of(net), sgd, e + 1, rows, Map.of("epochs", "100"));
        }
        byte[] fileAt40 = Files.readAllBytes(dir.resolve(CheckpointHistory.FILE));
        // the first five lines are untouched bytes; the manifest's size does not depend on the epochs
        assertThat(java.util.Arrays.copyOf(fileAt40, fileAt5.length)).isEqualTo(fileAt5);
        assertThat(new String(fileAt40, StandardCharsets.UTF_8).lines()).hasSize(40);
        assertThat(Files.size(manifest())).isBetween(manifestAt5 - 8, manifestAt5 + 8);
        assertThat(Files.readString(manifest())).doesNotContain("\"loss\"");
        Checkpoint.Resumed r = Checkpoint.load(dir, new Sgd(0.1));
        assertThat(r.epochsDone()).isEqualTo(40);
        assertThat(r.history()).hasSize(40);
        assertThat(r.history().get(39)).isEqualTo(row(39));
        assertThat(r.history().get(2).get("val_loss")).isNaN();
    }

    @Test
    void aCrashedSavesTailIsIgnoredAndCutOffByTheNextSave() throws Exception {
        List<Map<String, Double>> rows = saveEpochs(3);
        Path file = dir.resolve(CheckpointHistory.FILE);
        long valid = Files.size(file);
        // epoch 4's line was appended, then the process died before its manifest
        Files.writeString(file, "{\"loss\":0.25,\"val", StandardOpenOption.APPEND);
        assertThat(Checkpoint.load(dir, new Sgd(0.1)).history()).isEqualTo(rows);
        rows.add(row(3));
        Checkpoint.save(dir, Model.of(net), sgd, 4, rows, Map.of("epochs", "100"));
        assertThat(Files.readString(file).lines()).hasSize(4).doesNotContain("{\"loss\":0.25,\"val");
        assertThat(Files.size(file)).isGreaterThan(valid);
        assertThat(Checkpoint.load(dir, new Sgd(0.1)).history()).isEqualTo(rows);
    }

    @Test
    void aCutOrEditedHistoryIsRefusedNamingTheFile() throws Exception {
        saveEpochs(3);
        Path file = dir.resolve(CheckpointHistory.FILE);
        String original = Files.readString(file);
        Files.writeString(file, original.substring(0, original.length() - 10));
        assertThatThrownBy(() -> Checkpoint.load(dir, new Sgd(0.1))).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("history.jsonl: the history file has " + (original.length() - 10) + " bytes but the checkpoint's 3 epochs need "
                        + original.length() + ": it was cut off");
        Files.writeString(file, original.replace("\"loss\":1.0", "\"loss\":2.0"));
        assertThatThrownBy(() -> Checkpoint.load(dir, new Sgd(0.1))).isInstanceOf(ModelFormatException.class)
                .hasMessage("history.jsonl: the history file differs from the one the checkpoint's manifest lists (3 rows, "
                        + original.length() + " bytes, hash chain)");
        Files.delete(file);
        assertThatThrownBy(() -> Checkpoint.load(dir, new Sgd(0.1))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("history.jsonl: the checkpoint's manifest lists 3 history rows in this file but it is missing");
    }

    @Test
    void aNewRunInAnOldDirectoryRewritesTheHistory() throws Exception {
        saveEpochs(4);
        List<Map<String, Double>> other = List.of(Map.of("loss", 9.0));
        Checkpoint.save(dir, Model.of(net), sgd, 1, other, Map.of("epochs", "100"));
        assertThat(Checkpoint.load(dir, new Sgd(0.1)).history()).isEqualTo(other);
        assertThat(Files.readString(dir.resolve(CheckpointHistory.FILE)).lines()).containsExactly("{\"loss\":9.0}");
    }

    @Test
    void aCheckpointWithItsHistoryInlineStillLoads() throws Exception {
        saveEpochs(1);
        Path m = manifest();
        String text = Files.readString(m).replaceAll("\"historyFile\" : \\{[^}]*\\},?", "\"history\" : [ {\"loss\" : 0.75} ],");
        Files.writeString(m, Checkpoint.withChecksum(text));
        Files.delete(dir.resolve(CheckpointHistory.FILE));
        assertThat(Checkpoint.load(dir, new Sgd(0.1)).history()).containsExactly(Map.of("loss", 0.75));
    }
}
