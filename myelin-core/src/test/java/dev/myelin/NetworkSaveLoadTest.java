package dev.myelin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.activations.Activation;
import dev.myelin.io.ModelFormatException;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code net.save(path)}, {@code Network.load(path)} and the seed through {@code toJson}/{@code fromJson}. */
class NetworkSaveLoadTest {
    @TempDir
    Path dir;

    static Network network(Precision p) {
        return Network.builder(3).dense(4, Activation.RELU).dropout(0.3).dense(2, Activation.SOFTMAX).seed(77).precision(p)
                .build();
    }

    static void assertSame(Network a, Network b) {
        assertThat(b.toJson()).isEqualTo(a.toJson());
        Matrix x = Matrix.of(new double[][] {{0.1, -2, 3}, {1e-3, 0.5, -0.25}}, a.precision());
        assertThat(b.predict(x).toArray()).isEqualTo(a.predict(x).toArray());
    }

    @Test
    void safetensorsKeepWeightsSeedPrecisionAndProvenance() throws IOException {
        Network net = network(Precision.FLOAT64);
        Path file = dir.resolve("net.safetensors");
        net.save(file);
        Network back = Network.load(file);
        assertSame(net, back);
        assertThat(back.seed()).isEqualTo(77);
        assertThat(back.precision()).isEqualTo(Precision.FLOAT64);
        assertThat(back.rngStates()).containsExactly(net.rngStates());
        assertThat(ModelFile.load(file).info().provenance()).containsEntry("library", Version.library())
                .containsEntry("seed", "77");
        assertThat(Version.library()).startsWith("myelin ").doesNotContain("${");
    }

    @Test
    void jsonKeepsTheWeights() throws IOException {
        Network net = network(Precision.FLOAT32);
        Path file = dir.resolve("net.json");
        net.save(file);
        assertThat(Files.readString(file)).isEqualTo(net.toJson());
        assertSame(net, Network.load(file));
    }

    @Test
    void fromJsonWithTheSeedGivesTheSameNetworkAndDropoutStates() {
        Network net = network(Precision.FLOAT32);
        Network back = Network.fromJson(net.toJson(), net.precision(), net.seed());
        assertThat(back.seed()).isEqualTo(77);
        assertThat(back.rngStates()).containsExactly(net.rngStates());
        assertSame(net, back);
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> Network.load(dir.resolve("none.safetensors"))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> {
            Path bad = dir.resolve("bad.safetensors");
            Files.writeString(bad, "not a model");
            Network.load(bad);
        }).isInstanceOf(ModelFormatException.class).hasMessageContaining("bad.safetensors");
    }
}
