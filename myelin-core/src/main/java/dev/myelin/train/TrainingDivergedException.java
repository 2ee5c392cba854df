package dev.myelin.train;

/** Training produced a NaN or an infinity: the learning rate is likely too high. */
public final class TrainingDivergedException extends IllegalStateException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(int epoch, int batch, String what) {
        super(String.format("training diverged at epoch %d, batch %d: %s (try a smaller learning rate)",
                epoch + 1, batch + 1, what));
        this.epoch = epoch;
        this.batch = batch;
    }

    /** 0-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** 0-based batch within the epoch. */
    public int batch() {
        return batch;
    }
}
