package dev.myelin.io;

/** A network file does not follow the format; the message names the JSON path and what was found. */
public final class NetworkFormatException extends IllegalArgumentException {
    private final String path;

    public NetworkFormatException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** The JSON path of the problem, e.g. {@code layers[2].weights[1]}. */
    public String path() {
        return path;
    }
}
