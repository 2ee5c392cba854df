package dev.myelin.playground;

import dev.myelin.train.TrainingRun;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why a session's weights are not what its exported {@code ./myelin train} line would give: the
 * command replays one run from the initial weights with one optimizer for whole epochs, so a hand
 * edit, a teaching step, an optimizer that started afresh mid-run (a changed training setting, early
 * stopping's restore) or a half-trained epoch cannot be replayed. The exporter prints each reason
 * as a comment line under the command; none means the command gives the same weights bit for bit.
 */
final class ReplayLog {
    private final Set<String> reasons = new LinkedHashSet<>();

    /** A rebuilt network: its weights are the initial ones again. */
    void clear() {
        reasons.clear();
    }

    void add(String reason) {
        reasons.add(reason);
    }

    /** The reasons in the order they first happened, and the half-trained epoch of {@code run} (null for none). */
    List<String> reasons(TrainingRun run, int epoch) {
        List<String> out = new ArrayList<>(reasons);
        if (run != null && run.batchInEpoch() > 0) {
            out.add(run.batchInEpoch() + " of " + run.batchesPerEpoch() + " batches of epoch " + (epoch + 1)
                    + " were trained; the command stops after epoch " + Math.max(1, epoch));
        } else if (epoch == 0) {
            out.add("no epoch was trained; the command trains one");
        }
        return out;
    }
}
