package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelFormatException;
import java.nio.file.Path;

/**
 * Fuzzes the model-file loader ({@link ModelFile#load}): safetensors header, metadata (network
 * configuration, model info, scaler), tensors, and the JSON network format. Any bytes give a model
 * or a {@link ModelFormatException} naming the file. The loader reads files only, so each input is
 * written to one reused scratch file; the size limit is {@link #MAX_BYTES}.
 */
public class ModelFileFuzzTest {
    static final long MAX_BYTES = 1 << 20;
    private static final Path FILE = Scratch.file("fuzz.safetensors");

    public static void fuzzerTestOneInput(byte[] data) {
        Scratch.write(FILE, data);
        Outcome.expect(() -> ModelFile.load(FILE, null, MAX_BYTES), ModelFormatException.class);
    }

    @FuzzTest
    void modelFile(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
