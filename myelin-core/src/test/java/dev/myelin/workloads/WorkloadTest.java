package dev.myelin.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.layers.Layer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four peer workloads are the networks the peer scripts define, and their FLOP counts are hand-checked. */
class WorkloadTest {
    @Test
    void networksMatchThePeerScripts() {
        assertThat(units(Workload.NIELSEN.network(1))).containsExactly(30, 10);
        assertThat(units(Workload.SMALL.network(1))).containsExactly(128, 10);
        assertThat(units(Workload.MEDIUM.network(1))).containsExactly(512, 512, 256, 256, 10); // dropout keeps its width
        assertThat(units(Workload.WIDE.network(1))).containsExactly(1024, 1024, 10);
        assertThat(Workload.MEDIUM.network(1).parameterCount()).isEqualTo(784L * 512 + 512 + 512 * 256 + 256 + 256 * 10 + 10);
        assertThat(List.of(Workload.NIELSEN.batch(), Workload.SMALL.batch(), Workload.MEDIUM.batch(), Workload.WIDE.batch()))
                .containsExactly(10, 64, 128, 256);
    }

    @Test
    void flopsPerExampleCountsForwardWeightGradientAndInputGradientExceptTheFirstLayer() {
        // small: 784·128 weights → 2·100,352 per product × 2 (no input gradient); 128·10 → 2·1,280 × 3
        assertThat(Workload.flopsPerExample(Workload.SMALL.network(1))).isEqualTo(4.0 * 784 * 128 + 6.0 * 128 * 10);
        assertThat(Workload.flopsPerExample(Workload.NIELSEN.network(1))).isEqualTo(4.0 * 784 * 30 + 6.0 * 30 * 10);
    }

    @Test
    void sameSeedSameWeightsAndUnknownNamesAreRefused() {
        assertThat(Workload.NIELSEN.network(5).layers().get(0).parameters().get(1).value().get(0))
                .isEqualTo(Workload.NIELSEN.network(5).layers().get(0).parameters().get(1).value().get(0));
        assertThat(Workload.parse(" Medium ")).isEqualTo(Workload.MEDIUM);
        assertThatThrownBy(() -> Workload.parse("huge")).hasMessage(
                "unknown benchmark config 'huge': expected nielsen, small, medium or wide");
    }

    private static List<Integer> units(Network net) {
        return net.layers().stream().map(Layer::outputShape).map(s -> s.size()).toList();
    }
}
