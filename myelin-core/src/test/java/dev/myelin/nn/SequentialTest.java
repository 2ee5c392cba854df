package dev.myelin.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Dataset;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerSpec;
import dev.myelin.layers.Shape;
import dev.myelin.losses.Loss;
import dev.myelin.optim.Adam;
import dev.myelin.tensor.Precision;
import dev.myelin.train.Trainer;
import dev.myelin.train.Training;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine below the files, optimizers and training loop: a bare {@link Sequential} trains like a
 * {@link Network}, and {@link Network#of(Sequential)} turns one into the other without copying.
 */
class SequentialTest {
    static final double[][] X = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    static final double[][] Y = {{0}, {1}, {1}, {0}};

    static Sequential xorEngine() {
        Network built = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(42).build();
        // the same layers as a plain engine, as a tool that knows only the engine would hold them
        return new Sequential(built.inputs(), built.copy().layers(), built.precision(), built.seed());
    }

    @Test
    void aBareEngineTrainsLikeTheNetworkItWasBuiltAs(@TempDir Path dir) throws IOException {
        Sequential engine = xorEngine();
        Network net = Network.builder(2).dense(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(42).build();
        Training training = Training.of(Loss.BINARY_CROSS_ENTROPY, new Adam(0.05)).epochs(300).batchSize(4);
        new Trainer(engine, training).fit(Dataset.of(X, Y));
        net.fit(X, Y, training);
        for (double[] row : X) {
            assertThat(engine.predict(row)).isEqualTo(net.predict(row));
        }
        assertThat(engine.predict(new double[] {0, 1})[0]).isGreaterThan(0.9);
        assertThat(engine.predict(new double[] {1, 1})[0]).isLessThan(0.1);

        // saved through the Network view, read back as a Network, bit for bit
        Path file = dir.resolve("xor.safetensors");
        ModelFile.save(file, Model.of(engine));
        Network back = Network.load(file);
        for (double[] row : X) {
            assertThat(back.predict(row)).isEqualTo(engine.predict(row));
        }
    }

    @Test
    void networkOfIsTheNetworkItselfOrAViewSharingTheLayers() {
        Network net = Network.builder(2).dense(1, Activation.SIGMOID).build();
        assertThat(Network.of((Sequential) net)).isSameAs(net);

        Sequential engine = xorEngine();
        Network view = Network.of(engine);
        assertThat(view.layers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(view.layers().get(i)).isSameAs(engine.layers().get(i));
        }
        assertThat(view.seed()).isEqualTo(engine.seed());
        assertThat(view.precision()).isEqualTo(engine.precision());
        assertThat(Model.of(engine).network().parameters()).isEqualTo(engine.parameters());
    }

    @Test
    void aCopyKeepsItsKindAndNotItsLayers() {
        Sequential engine = xorEngine();
        Sequential copy = engine.copy();
        assertThat(copy).isNotInstanceOf(Network.class);
        assertThat(copy.layers().get(0)).isNotSameAs(engine.layers().get(0));
        assertThat(copy.predict(X)).isDeepEqualTo(engine.predict(X));
        Network net = Network.of(engine);
        Network netCopy = net.copy();
        assertThat(netCopy.layers().get(0)).isNotSameAs(net.layers().get(0));
        assertThat(netCopy.toString()).startsWith("Network[");
        assertThat(copy.toString()).startsWith("Sequential[");
    }

    @Test
    void neighbouringShapesMustAgree() {
        Layer first = Dense.spec(3, Activation.TANH, null).build(
                new LayerSpec.Context(0, Shape.of(2), Precision.FLOAT64, 1, null));
        Layer wrong = Dense.spec(1, Activation.SIGMOID, null).build(
                new LayerSpec.Context(1, Shape.of(4), Precision.FLOAT64, 2, null));
        assertThatThrownBy(() -> new Sequential(2, List.of(first, wrong), Precision.FLOAT64, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("layer 1 (dense) expects inputs of shape");
        assertThatThrownBy(() -> new Sequential(2, List.of(), Precision.FLOAT64, 1))
                .hasMessage("a network needs at least one layer");
    }
}
