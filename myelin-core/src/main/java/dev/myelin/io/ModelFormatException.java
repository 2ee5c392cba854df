package dev.myelin.io;

import java.nio.file.Path;

/**
 * A model or checkpoint file whose content is not what it should be. The message is one sentence
 * naming the file and the problem, e.g. {@code model.safetensors: the header says tensor
 * layers.0.weight ends at byte 4096 but the file has 3000 data bytes}.
 */
public final class ModelFormatException extends IllegalArgumentException {
    private final transient Path file;

    public ModelFormatException(Path file, String problem) {
        super(nameOf(file) + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(nameOf(file) + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault (may be null when reading from memory). */
    public Path file() {
        return file;
    }

    static String nameOf(Path file) {
        if (file == null) {
            return "(memory)";
        }
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
