package dev.myelin.layers;

/**
 * A layer's JSON configuration is wrong; {@link #path()} names where, e.g. {@code layers[2].units}.
 * The network readers turn it into their own format exceptions with the same path and message.
 */
public final class LayerFormatException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    public LayerFormatException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** The JSON path of the problem. */
    public String path() {
        return path;
    }

    /** What is wrong there, without the path. */
    public String problem() {
        return problem;
    }
}
