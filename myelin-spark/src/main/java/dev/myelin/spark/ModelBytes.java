package dev.myelin.spark;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A model as the bytes of its Myelin safetensors file ({@link ModelFile}): how a network travels to
 * Spark's executors (a broadcast) and into ML persistence. Loading goes through {@link ModelFile#load}
 * with all of its checks; nothing is Java-serialized.
 */
final class ModelBytes {
    private ModelBytes() {}

    static byte[] of(Model model) {
        try {
            return ModelFile.toBytes(model);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize the model to safetensors bytes: " + e.getMessage(), e);
        }
    }

    static Model load(byte[] bytes, String what) {
        try {
            return ModelFile.fromBytes(bytes, "model");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the model of " + what + ": " + e.getMessage(), e);
        }
    }
}
