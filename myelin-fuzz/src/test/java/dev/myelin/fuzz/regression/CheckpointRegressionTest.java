package dev.myelin.fuzz.regression;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.optim.Adam;
import dev.myelin.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint folders whose manifest the checkpoint fuzz target broke; each must end in a {@link ModelFormatException}. */
class CheckpointRegressionTest {

    /**
     * Found by CheckpointFuzzTest in its 11th input: a manifest that is not UTF-8 text made
     * {@code Checkpoint.load} fail with {@link java.nio.charset.MalformedInputException} "Input length
     * = 1" from {@code Files.readString}, which it does not catch (it catches JSON errors only).
     */
    @Test
    void manifestThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Network net = Network.builder(2).dense(2, Activation.TANH).dense(1, Activation.SIGMOID).seed(5).build();
        Checkpoint.save(dir, Model.of(net), new Adam(0.01).start(net), 1, new History());
        Files.write(dir.resolve("epoch-1").resolve("manifest.json"), new byte[] {'{', (byte) 0xFF, '}'});
        assertThatThrownBy(() -> Checkpoint.load(dir, new Adam(0.01)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("manifest.json: ");
    }
}
