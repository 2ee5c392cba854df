package dev.myelin.cli.train;

import dev.myelin.cli.base.Figures;
import dev.myelin.train.History;
import dev.myelin.train.TrainingListener;
import dev.myelin.train.TrainingState;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Shows training as it goes. On a terminal: a progress bar redrawn in place (batches, running loss,
 * samples per second, time left in the epoch). Elsewhere (a file, a pipe, a test): a plain line
 * every {@value #PLAIN_EVERY_SECONDS} seconds of a long epoch. After each epoch, one summary line:
 * <pre>
 * epoch  3/15  loss 0.07120  accuracy 97.81%  val_loss 0.08540  val_accuracy 97.52%  4.1 s  13,200 samples/s
 * </pre>
 * Losses have four significant digits ({@link Figures#loss}), so a small regression loss stays
 * readable. With {@code every} = N the summary line is printed every N epochs and for the last epoch
 * (the last one run, when early stopping ends the run sooner); {@link #quiet} prints only the last one
 * and nothing while an epoch runs.
 */
public final class ProgressPrinter implements TrainingListener {
    static final int PLAIN_EVERY_SECONDS = 10;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean terminal;
    private final int trainSize;
    private final int every;
    private final boolean quiet;
    private String pending;
    private long epochStart;
    private long lastDraw;
    private int seen;
    private double lossSum;
    private boolean drawn;

    /**
     * @param terminal true to redraw a bar in place, false for plain lines
     * @param trainSize the number of training examples per epoch
     */
    public ProgressPrinter(PrintWriter out, boolean terminal, int trainSize) {
        this(out, terminal, trainSize, 1, false);
    }

    /**
     * @param every print the summary line of every N-th epoch (and of the last), N ≥ 1
     * @param quiet print only the last epoch's summary line: no bar, no status lines
     */
    public ProgressPrinter(PrintWriter out, boolean terminal, int trainSize, int every, boolean quiet) {
        if (every < 1) {
            throw new IllegalArgumentException("a progress line every " + every + " epochs: expected at least 1");
        }
        this.out = out;
        this.terminal = terminal && !quiet;
        this.trainSize = trainSize;
        this.every = quiet ? Integer.MAX_VALUE : every;
        this.quiet = quiet;
    }

    /** True if the summary line of epoch {@code epoch} (from 0) of {@code epochs} is printed as the epoch ends. */
    public boolean shows(int epoch, int epochs) {
        return (epoch + 1) % every == 0 || epoch + 1 == epochs;
    }

    @Override
    public void onEpochBegin(TrainingState state, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = epochStart;
        seen = 0;
        lossSum = 0;
        drawn = false;
    }

    @Override
    public void onBatchEnd(TrainingState state, int epoch, int batch, int batchSize, double loss) {
        seen += batchSize;
        lossSum += loss * batchSize;
        long now = System.nanoTime();
        boolean last = batch + 1 == state.batchesPerEpoch();
        if (terminal) {
            if (now - lastDraw >= REDRAW_NANOS || last) {
                lastDraw = now;
                drawn = true;
                out.print("\r" + bar(state, epoch, batch, now) + "\u001b[K");
                out.flush();
            }
        } else if (!quiet && now - lastDraw >= PLAIN_EVERY_SECONDS * 1_000_000_000L && !last) {
            lastDraw = now;
            out.println("  " + status(state, epoch, batch, now));
            out.flush();
        }
    }

    private String bar(TrainingState state, int epoch, int batch, long now) {
        int total = state.batchesPerEpoch();
        int filled = (int) ((long) BAR * (batch + 1) / total);
        String b = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? (batch + 1 == total ? "=" : ">") : "") + " ".repeat(BAR - filled);
        return String.format(Locale.ROOT, "epoch %s/%d [%s] %s", width(epoch + 1, state.epochs()), state.epochs(), b,
                counts(state, batch, now));
    }

    private String status(TrainingState state, int epoch, int batch, long now) {
        return String.format(Locale.ROOT, "epoch %d/%d: %s", epoch + 1, state.epochs(), counts(state, batch, now));
    }

    private String counts(TrainingState state, int batch, long now) {
        double secs = Math.max(1e-9, (now - epochStart) / 1e9);
        double rate = seen / secs;
        double eta = rate > 0 ? (trainSize - seen) / rate : 0;
        return String.format(Locale.ROOT, "%d/%d  loss %s  %,.0f samples/s  ETA %s", batch + 1, state.batchesPerEpoch(),
                Figures.loss(lossSum / Math.max(1, seen)), rate, duration(eta));
    }

    @Override
    public void onEpochEnd(TrainingState state, int epoch, Map<String, Double> logs) {
        double secs = (System.nanoTime() - epochStart) / 1e9;
        if (terminal && drawn) {
            out.print("\r\u001b[K");
        }
        String line = summary(epoch, state.epochs(), logs, secs, seen);
        if (shows(epoch, state.epochs())) {
            out.println(line);
            out.flush();
            pending = null;
        } else {
            pending = line;
        }
    }

    /** Early stopping can end the run before the last epoch: its line is printed here if it was held back. */
    @Override
    public void onTrainEnd(TrainingState state, History history) {
        if (pending != null) {
            out.println(pending);
            out.flush();
            pending = null;
        }
    }

    /** The summary line of one epoch. */
    public static String summary(int epoch, int epochs, Map<String, Double> logs, double secs, int samples) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %s/%d", width(epoch + 1, epochs), epochs));
        for (String k : new String[] {"loss", "accuracy", "val_loss", "val_accuracy"}) {
            Double v = logs.get(k);
            if (v != null) {
                sb.append("  ").append(k).append(' ').append(k.endsWith("accuracy")
                        ? String.format(Locale.ROOT, "%.2f%%", 100 * v) : Figures.loss(v));
            }
        }
        if (secs > 0) {
            sb.append(String.format(Locale.ROOT, "  %.1f s  %,.0f samples/s", secs, samples / Math.max(secs, 1e-9)));
        }
        return sb.toString();
    }

    private static String width(int n, int total) {
        return String.format(Locale.ROOT, "%" + Integer.toString(total).length() + "d", n);
    }

    private static String duration(double secs) {
        if (secs < 60) {
            return String.format(Locale.ROOT, "%.0fs", Math.ceil(secs));
        }
        long s = (long) Math.ceil(secs);
        return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
}
