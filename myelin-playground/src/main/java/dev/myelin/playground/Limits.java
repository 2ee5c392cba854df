package dev.myelin.playground;

/**
 * The caps the server enforces on every session, whatever the page sends. They are larger than the
 * TensorFlow Playground's (6 hidden layers × 8 neurons, 500 points) yet keep one session's frame
 * well under a millisecond of work per neuron on a 2-core machine.
 */
public final class Limits {
    /** Hidden layers per network. */
    public static final int MAX_HIDDEN_LAYERS = 8;
    /** Neurons per hidden layer. */
    public static final int MAX_UNITS = 32;
    /** Examples per data set (training + test), synthetic or uploaded. */
    public static final int MAX_POINTS = 5_000;
    /** Bytes of an uploaded CSV file. */
    public static final int MAX_UPLOAD_BYTES = 1 << 20;
    /** Bytes of a JSON request body. */
    public static final int MAX_JSON_BYTES = 64 * 1024;
    /** Numeric feature columns of an uploaded CSV file. */
    public static final int MAX_CSV_FEATURES = 16;
    /** Classes of an uploaded CSV file's label column. */
    public static final int MAX_CLASSES = 10;
    /** Epochs computed per frame (the speed control). */
    public static final int MAX_EPOCHS_PER_FRAME = 50;
    /** Live sessions at once; a new tab beyond this gets 503 until an idle one is freed. */
    public static final int MAX_SESSIONS = 64;
    /** A session with no client for this long is freed. */
    public static final long IDLE_MILLIS = 120_000;
    /** Output heatmap resolution (cells per side), as fine as the TensorFlow Playground's. */
    public static final int OUTPUT_GRID = 100;
    /** Per-neuron heatmap resolution (cells per side). */
    public static final int NEURON_GRID = 20;

    private Limits() {}
}
