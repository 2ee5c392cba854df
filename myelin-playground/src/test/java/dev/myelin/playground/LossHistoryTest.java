package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded per-epoch record: at most CAPACITY points, evenly spaced, always ending at the latest epoch. */
class LossHistoryTest {
    static LossHistory.Point p(int epoch) {
        return new LossHistory.Point(epoch, 1.0 / (epoch + 1), 2.0 / (epoch + 1), Double.NaN, Double.NaN);
    }

    @Test
    void keepsEveryEpochWhileThereIsRoom() {
        LossHistory h = new LossHistory();
        for (int e = 0; e < 100; e++) {
            h.add(p(e));
        }
        assertThat(h.size()).isEqualTo(100);
        assertThat(h.points().get(57).epoch()).isEqualTo(57);
    }

    @Test
    void aMillionEpochsStayWithinCapacityEvenlySpacedAndEndAtTheLatest() {
        LossHistory h = new LossHistory();
        for (int e = 0; e <= 1_000_000; e++) {
            h.add(p(e));
            assertThat(h.size()).isLessThanOrEqualTo(LossHistory.CAPACITY + 1);
        }
        List<LossHistory.Point> pts = h.points();
        assertThat(pts.getFirst().epoch()).isZero();
        assertThat(pts.getLast().epoch()).isEqualTo(1_000_000);
        assertThat(h.last().epoch()).isEqualTo(1_000_000);
        int stride = pts.get(1).epoch() - pts.get(0).epoch();
        assertThat(stride).isEqualTo(1024);
        for (int i = 1; i < pts.size() - 1; i++) {
            assertThat(pts.get(i).epoch() - pts.get(i - 1).epoch()).isEqualTo(stride);
        }
        assertThat(pts.size()).isGreaterThan(LossHistory.CAPACITY / 2);
    }

    @Test
    void truncatingRollsBackToAnEarlierEpoch() {
        LossHistory h = new LossHistory();
        for (int e = 0; e <= 30; e++) {
            h.add(p(e));
        }
        h.truncateAfter(12, p(12));
        assertThat(h.last().epoch()).isEqualTo(12);
        assertThat(h.points()).extracting(LossHistory.Point::epoch).endsWith(10, 11, 12).hasSize(13);
        h.add(p(13));
        assertThat(h.points()).extracting(LossHistory.Point::epoch).endsWith(12, 13);
    }
}
