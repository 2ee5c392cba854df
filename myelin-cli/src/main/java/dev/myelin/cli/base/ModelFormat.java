package dev.myelin.cli.base;

import java.nio.file.Path;
import java.util.Locale;

/** The model file formats, recognized by file name extension. */
public enum ModelFormat {
    SAFETENSORS(".safetensors"),
    JSON(".json"),
    ONNX(".onnx");

    private final String extension;

    ModelFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /** The format of {@code file} by its extension, or null if none matches. */
    public static ModelFormat of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (ModelFormat f : values()) {
            if (n.endsWith(f.extension)) {
                return f;
            }
        }
        return null;
    }
}
