package dev.myelin.spark;

import dev.myelin.io.Model;
import dev.myelin.io.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model as the bytes of its Myelin safetensors file ({@link ModelFile}): how a network travels to
 * Spark's executors (a broadcast) and into ML persistence. Loading goes through {@link ModelFile#load}
 * with all of its checks; nothing is Java-serialized.
 */
final class ModelBytes {
    private ModelBytes() {}

    static byte[] of(Model model) {
        try {
            Path dir = Files.createTempDirectory("myelin-model");
            Path file = dir.resolve("model.safetensors");
            try {
                ModelFile.save(file, model);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize the model to safetensors bytes: " + e.getMessage(), e);
        }
    }

    static Model load(byte[] bytes, String what) {
        try {
            Path dir = Files.createTempDirectory("myelin-model");
            Path file = dir.resolve("model.safetensors");
            try {
                Files.write(file, bytes);
                return ModelFile.load(file);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the model of " + what + ": " + e.getMessage(), e);
        }
    }
}
