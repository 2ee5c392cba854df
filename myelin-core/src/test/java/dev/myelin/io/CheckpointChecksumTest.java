package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.optim.Adam;
import dev.myelin.optim.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edited manifest (steps, epochs done, random states, settings) is refused, not resumed into other weights (issue 15). */
class CheckpointChecksumTest {
    @TempDir
    Path dir;

    private Path saved() throws Exception {
        Network net = Network.builder(2).dense(3, Activation.TANH).dropout(0.2).dense(1, Activation.SIGMOID).seed(4).build();
        OptimizerState adam = new Adam(0.01).start(net);
        adam.step();
        Checkpoint.save(dir, Model.of(net), adam, 2, (dev.myelin.train.History) null, Map.of("lr", "0.01"));
        return dir.resolve("epoch-2").resolve("manifest.json");
    }

    @Test
    void aManifestLoadsAsWrittenAndCarriesItsChecksum() throws Exception {
        Path manifest = saved();
        assertThat(Files.readString(manifest)).contains("\"" + Checkpoint.CHECKSUM + "\"");
        assertThat(Checkpoint.load(dir, new Adam(0.01)).epochsDone()).isEqualTo(2);
    }

    @Test
    void everyEditedFieldIsRefused() throws Exception {
        Path manifest = saved();
        String original = Files.readString(manifest);
        String[][] edits = {{"\"epochsDone\" : 2", "\"epochsDone\" : 5"}, {"\"steps\" : 1", "\"steps\" : 7"},
            {"\"lr\" : \"0.01\"", "\"lr\" : \"0.1\""}};
        for (String[] e : edits) {
            assertThat(original).as(e[0]).contains(e[0]);
            Files.writeString(manifest, original.replace(e[0], e[1]));
            assertThatThrownBy(() -> Checkpoint.load(dir, new Adam(0.01))).as(e[1]).isInstanceOf(ModelFormatException.class)
                    .hasMessage("manifest.json: the manifest was changed after it was written (its manifestSha256 does not "
                            + "match its content); resuming from it would not continue the run it records");
        }
        Files.writeString(manifest, original.replaceAll(",\\s*\"manifestSha256\" : \"[0-9a-f]+\"", ""));
        assertThatThrownBy(() -> Checkpoint.load(dir, new Adam(0.01)))
                .hasMessageContaining("the manifest has no manifestSha256");
        // whitespace is not content: a re-indented manifest still loads
        Files.writeString(manifest, original.replace("\n", "\n  "));
        assertThat(Checkpoint.load(dir, new Adam(0.01)).epochsDone()).isEqualTo(2);
    }
}
