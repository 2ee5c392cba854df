package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.Checkpoint;
import dev.myelin.Model;
import dev.myelin.io.ModelFormatException;
import dev.myelin.optim.Adam;
import dev.myelin.optim.OptimizerState;
import dev.myelin.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the checkpoint loader ({@link Checkpoint#load}, what {@code train --resume} reads): a
 * checkpoint folder with real model and optimizer files, whose {@code manifest.json} (epochs,
 * optimizer, steps, random states, file sizes and hashes, history, training configuration) is the
 * input. Any manifest gives a resumed run or a {@link ModelFormatException}.
 */
public class CheckpointFuzzTest {
    static final Path DIR = checkpoint();
    static final Path MANIFEST = DIR.resolve("epoch-3").resolve("manifest.json");

    /** A checkpoint of a 2-4-1 network with dropout after 3 epochs of Adam (its files never change). */
    static Path checkpoint() {
        try {
            Path dir = Scratch.file("checkpoint");
            Network net = Network.builder(2).dense(4, Activation.TANH).dropout(0.2).dense(1, Activation.SIGMOID).seed(5).build();
            OptimizerState adam = new Adam(0.01).start(net);
            adam.step();
            Checkpoint.save(dir, Model.of(net), adam, 3, new History(), java.util.Map.of("data", "xor", "epochs", "10"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest the library wrote: the seed. */
    static byte[] validManifest() {
        try {
            return Files.readAllBytes(MANIFEST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        // A manifest that parses as JSON gets its checksum recomputed, so that the fuzzer reaches the
        // checks behind it; the checksum check itself is covered by CheckpointTest.
        Scratch.write(MANIFEST, signed(data));
        Outcome.expect(() -> Checkpoint.load(DIR, new Adam(0.01)), ModelFormatException.class);
    }

    static byte[] signed(byte[] data) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(data)).toString();
            return Checkpoint.withChecksum(text).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return data; // not UTF-8 or not JSON: the loader must say so itself
        }
    }

    @FuzzTest
    void checkpoint(byte[] data) {
        fuzzerTestOneInput(data);
    }

    static String describe() {
        return new String(validManifest(), StandardCharsets.UTF_8);
    }
}
