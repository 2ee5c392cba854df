package dev.myelin.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.io.NetworkFormatException;
import dev.myelin.losses.Loss;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dense layer without bias (z = x·W, the notes' two-weight example, PyTorch's {@code bias=False}):
 * the JSON member {@code "bias": false}, the builder's option, the model file without a bias tensor,
 * and the math (z and ∂E/∂W by hand). The layer contract (gradient check, round trips) runs on it in
 * {@code LayerContractTest}.
 */
class DenseWithoutBiasTest {
    static final String JSON = """
            {"format": "myelin.network", "version": 1, "inputs": 2,
             "layers": [{"type": "dense", "units": 1, "activation": "sigmoid", "weights": [[0.35], [0.40]], "bias": false}]}""";

    @Test
    void jsonBiasFalseMakesALayerWithTheWeightAlone() {
        Network net = Network.fromJson(JSON, Precision.FLOAT64);
        Dense d = (Dense) net.layers().get(0);
        assertThat(d.hasBias()).isFalse();
        assertThat(d.bias()).isNull();
        assertThat(net.namedParameters()).containsOnlyKeys("layers.0.weight");
        assertThat(net.parameterCount()).isEqualTo(2);
        assertThat(net.toJson()).contains("\"bias\":false").doesNotContain("\"bias\":[");
    }

    @Test
    void existingFilesKeepTheirBias() {
        Network withArray = Network.fromJson(JSON.replace("\"bias\": false", "\"bias\": [0.5]"), Precision.FLOAT64);
        assertThat(((Dense) withArray.layers().get(0)).bias().get(0)).isEqualTo(0.5);
        Network without = Network.fromJson(JSON.replace(", \"bias\": false", ""), Precision.FLOAT64);
        assertThat(((Dense) without.layers().get(0)).bias().get(0)).isEqualTo(0.0);
        assertThat(without.toJson()).contains("\"bias\":[0.0]");
        Network explicitTrue = Network.fromJson(JSON.replace("\"bias\": false", "\"bias\": true"), Precision.FLOAT64);
        assertThat(((Dense) explicitTrue.layers().get(0)).hasBias()).isTrue();
    }

    @Test
    void aBiasThatIsNeitherValuesNorABooleanIsNamed() {
        assertThatThrownBy(() -> Network.fromJson(JSON.replace("\"bias\": false", "\"bias\": \"no\""), Precision.FLOAT64))
                .isInstanceOf(NetworkFormatException.class).hasMessage("layers[0].bias: expected an array of 1 values, or false for a layer without bias, found the string \"no\"");
    }

    @Test
    void forwardAndGradientsByHand() {
        Network net = Network.builder(2).denseWithoutBias(new double[][] {{0.35}, {0.40}}, Activation.IDENTITY)
                .precision(Precision.FLOAT64).build();
        Matrix x = Matrix.of(new double[][] {{0.50, 0.51}, {1, -2}}, Precision.FLOAT64);
        Matrix y = Matrix.of(new double[][] {{0.10}, {0}}, Precision.FLOAT64);
        double e = net.computeGradients(x, y, Loss.HALF_SSE);
        Dense d = (Dense) net.layers().get(0);
        double z1 = 0.35 * 0.50 + 0.40 * 0.51; // 0.379, no bias
        double z2 = 0.35 * 1 - 0.40 * 2; // −0.45
        assertThat(d.lastZ().get(0, 0)).isCloseTo(z1, within(1e-15));
        assertThat(d.lastZ().get(1, 0)).isCloseTo(z2, within(1e-15));
        // E = mean of ½(z − y)²; ∂E/∂w_i = mean of (z − y)·x_i
        assertThat(e).isCloseTo((0.5 * (z1 - 0.1) * (z1 - 0.1) + 0.5 * z2 * z2) / 2, within(1e-15));
        assertThat(d.weightParameter().grad().get(0, 0)).isCloseTo(((z1 - 0.1) * 0.50 + z2 * 1) / 2, within(1e-15));
        assertThat(d.weightParameter().grad().get(1, 0)).isCloseTo(((z1 - 0.1) * 0.51 + z2 * -2) / 2, within(1e-15));
    }

    @Test
    void theBuilderOptionInitializesWeightsAlone() {
        Network net = Network.builder(3).denseWithoutBias(4, Activation.TANH).dense(1, Activation.SIGMOID).seed(7).build();
        assertThat(((Dense) net.layers().get(0)).hasBias()).isFalse();
        assertThat(((Dense) net.layers().get(1)).hasBias()).isTrue();
        assertThat(net.namedParameters()).containsOnlyKeys("layers.0.weight", "layers.1.weight", "layers.1.bias");
        assertThat(net.layers().get(0).toString()).isEqualTo("Dense(3→4, tanh, no bias)");
    }

    @Test
    void theModelFileHasNoBiasTensorAndLoadsBack(@TempDir Path dir) throws Exception {
        Network net = Network.fromJson(JSON, Precision.FLOAT32);
        Path file = dir.resolve("two-weight.safetensors");
        net.save(file);
        String header = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(header).contains("layers.0.weight").doesNotContain("layers.0.bias");
        Network back = Network.load(file);
        Dense d = (Dense) back.layers().get(0);
        assertThat(d.hasBias()).isFalse();
        assertThat(d.weights().toArray()).isDeepEqualTo(((Dense) net.layers().get(0)).weights().toArray());
        assertThat(back.predict(new double[] {0.50, 0.51})).containsExactly(net.predict(new double[] {0.50, 0.51}));
    }
}
