package dev.myelin.playground;

import java.util.ArrayList;
import java.util.List;

/**
 * A session's per-epoch record in bounded memory. It keeps at most {@link #CAPACITY} points, evenly
 * spaced: every epoch while there is room; when full, every second point is dropped and from then
 * on only epochs that are multiples of the doubled stride are kept. The latest point is always
 * kept, so the chart ends at the current epoch. A session at top speed for an hour thus holds the
 * same ≤ {@value #CAPACITY} points as one after a minute (unbounded, it grew ~240 MB an hour).
 */
final class LossHistory {
    /** One epoch's record: losses and, for classification, accuracies (NaN otherwise). */
    record Point(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy) {}

    static final int CAPACITY = 1024;
    private final List<Point> kept = new ArrayList<>();
    private Point last;
    private int stride = 1;

    /** Records {@code p}, whose epoch is after every recorded one. */
    void add(Point p) {
        if (last != null && (last.epoch() % stride != 0)) {
            // the previous latest point was kept only as the latest
            kept.removeLast();
        }
        if (kept.size() >= CAPACITY) {
            List<Point> thinned = new ArrayList<>(CAPACITY / 2 + 1);
            stride *= 2;
            for (Point k : kept) {
                if (k.epoch() % stride == 0) {
                    thinned.add(k);
                }
            }
            kept.clear();
            kept.addAll(thinned);
        }
        kept.add(p);
        last = p;
    }

    /** Replaces the latest point (after a hand edit of a weight, same epoch). */
    void replaceLast(Point p) {
        kept.set(kept.size() - 1, p);
        last = p;
    }

    /** Drops every point after {@code epoch} (early stopping rolls back to its best epoch). */
    void truncateAfter(int epoch, Point replacement) {
        kept.removeIf(p -> p.epoch() >= epoch);
        last = null;
        add(replacement);
    }

    void clear() {
        kept.clear();
        last = null;
        stride = 1;
    }

    boolean isEmpty() {
        return kept.isEmpty();
    }

    Point last() {
        return last;
    }

    /** The kept points, oldest first. */
    List<Point> points() {
        return List.copyOf(kept);
    }

    int size() {
        return kept.size();
    }
}
