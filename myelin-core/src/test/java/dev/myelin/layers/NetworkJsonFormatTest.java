package dev.myelin.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.init.Rng;
import dev.myelin.io.ModelInfo;
import dev.myelin.io.NetworkFormatException;
import dev.myelin.io.NetworkJson;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JSON network format as the layers see it: writing then reading gives the same bits in float32 and
 * float64, and the strict reader's errors name the JSON path and the problem in one sentence.
 * (It lives with the layer tests because it checks that every layer's parameters survive the format.)
 */
class NetworkJsonFormatTest {
    static final String VALID = "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, \"layers\": ["
            + "{\"type\": \"dense\", \"units\": 3, \"activation\": \"tanh\", \"weights\": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], \"bias\": [0, 0, 0]}, "
            + "{\"type\": \"dropout\", \"rate\": 0.5}, "
            + "{\"type\": \"dense\", \"units\": 3, \"activation\": \"softmax\", \"weights\": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]}]}";

    @ParameterizedTest
    @EnumSource(Precision.class)
    void writeThenReadGivesIdenticalBits(Precision precision) {
        Network net = Network.builder(5).dense(7, Activation.GELU).dropout(0.25).dense(4, Activation.leakyRelu(0.3))
                .dense(3, Activation.elu(0.7)).dense(2, Activation.SOFTMAX).precision(precision).seed(77).build();
        // Awkward values too: extremes, subnormals, negative zero, values with long shortest forms.
        Matrix w = ((Dense) net.layers().get(0)).weights();
        double[] special = precision == Precision.FLOAT32
                ? new double[] {Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, -0.0, 1f / 3, 0.1f, 16777217.0}
                : new double[] {Double.MIN_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, -0.0, 1.0 / 3, 0.1, Math.PI * 1e-300};
        for (int i = 0; i < special.length; i++) {
            w.set(i, special[i]);
        }
        Rng rng = new Rng(5);
        Matrix b = ((Dense) net.layers().get(2)).bias();
        for (int i = 0; i < b.size(); i++) {
            b.set(i, rng.nextGaussian() * Math.pow(10, rng.nextInt(20) - 10));
        }
        String json = NetworkJson.write(net);
        Network back = Network.of(NetworkJson.read(json, precision, 1));
        assertThat(back.layers()).hasSize(net.layers().size());
        for (int i = 0; i < net.parameters().size(); i++) {
            Matrix expected = net.parameters().get(i).value(), actual = back.parameters().get(i).value();
            assertThat(actual.shape()).isEqualTo(expected.shape());
            for (int k = 0; k < expected.size(); k++) {
                if (precision == Precision.FLOAT32) {
                    assertThat(Float.floatToRawIntBits(actual.floats()[k]))
                            .as("parameter %d value %d", i, k).isEqualTo(Float.floatToRawIntBits(expected.floats()[k]));
                } else {
                    assertThat(Double.doubleToRawLongBits(actual.doubles()[k]))
                            .as("parameter %d value %d", i, k).isEqualTo(Double.doubleToRawLongBits(expected.doubles()[k]));
                }
            }
        }
        assertThat(NetworkJson.write(back)).isEqualTo(json);
        assertThat(((Dropout) back.layers().get(1)).rate()).isEqualTo(0.25);
        assertThat(((Dense) back.layers().get(2)).activation()).isEqualTo(Activation.leakyRelu(0.3));
        assertThat(((Dense) back.layers().get(3)).activation()).isEqualTo(Activation.elu(0.7));
    }

    @Test
    void validFileReads() {
        Network net = Network.of(NetworkJson.read(VALID, Precision.FLOAT64, 1));
        assertThat(net.inputs()).isEqualTo(2);
        assertThat(((Dense) net.layers().get(2)).weights().get(1, 2)).isEqualTo(6.0);
        assertThat(((Dense) net.layers().get(2)).bias().doubles()).containsExactly(0, 0, 0);
    }

    @Test
    void modelInfoIsAnOptionalMemberAfterTheLayers() {
        Network net = Network.of(NetworkJson.read(VALID, Precision.FLOAT64, 1));
        assertThat(NetworkJson.write(net, null)).isEqualTo(NetworkJson.write(net));
        assertThat(NetworkJson.readInfo(NetworkJson.parse(VALID))).isNull();
        ModelInfo info = new ModelInfo("regression", List.of("a", "b"), "y", List.of(), null, List.of(), Map.of("seed", "1"));
        String text = NetworkJson.write(net, info);
        assertThat(text).startsWith(NetworkJson.write(net).substring(0, NetworkJson.write(net).length() - 2))
                .endsWith("],\n \"model_info\": {\"task\":\"regression\",\"featureNames\":[\"a\",\"b\"],\"labelName\":\"y\","
                        + "\"classNames\":[],\"scaler\":null,\"featureCrosses\":[],\"provenance\":{\"seed\":\"1\"}}}\n");
        assertThat(NetworkJson.readInfo(NetworkJson.parse(text))).isEqualTo(info);
        assertThat(NetworkJson.write(NetworkJson.read(text, Precision.FLOAT64, 1))).isEqualTo(NetworkJson.write(net));
    }

    static void assertError(String json, String message) {
        assertThatThrownBy(() -> NetworkJson.read(json, Precision.FLOAT64, 1))
                .isInstanceOf(NetworkFormatException.class).hasMessage(message);
    }

    @Test
    void wrongVersion() {
        assertError(VALID.replace("\"version\": 1", "\"version\": 2"), "version: this reader knows version 1, found 2");
        assertError(VALID.replace("\"version\": 1, ", ""), "version: missing");
    }

    @Test
    void unknownKeys() {
        assertError(VALID.replace("\"inputs\": 2", "\"inputs\": 2, \"colour\": 1"),
                "colour: unknown key (allowed here: format, inputs, layers, model_info, version)");
        assertError(VALID.replace("\"rate\": 0.5", "\"rate\": 0.5, \"seed\": 3"),
                "layers[1].seed: unknown key (allowed here: rate, type)");
    }

    @Test
    void unknownTypeAndActivation() {
        assertError(VALID.replace("\"type\": \"dropout\"", "\"type\": \"conv\""),
                "layers[1].type: unknown layer type \"conv\": expected \"dense\" or \"dropout\"");
        assertError(VALID.replace("tanh", "swish"), "layers[0].activation: unknown activation 'swish': expected one of "
                + "identity, step, sigmoid, tanh, relu, leaky_relu, softmax, elu, gelu, softplus");
    }

    @Test
    void weightsRowOfWrongLength() {
        assertError(VALID.replace("[4, 5, 6]", "[4, 5]"), "layers[2].weights[1]: expected 3 values, found 2");
        assertError(VALID.replace("[4, 5, 6], ", ""), "layers[2].weights: expected 3 rows (one per input), found 2");
        assertError(VALID.replace("\"bias\": [0, 0, 0]", "\"bias\": [0, 0]"), "layers[0].bias: expected 3 values, found 2");
    }

    @Test
    void nonFiniteNumbers() {
        // NaN is not JSON: the parser rejects it, in words the user can act on.
        assertThatThrownBy(() -> NetworkJson.read(VALID.replace("0.2, 0.3", "NaN, 0.3"), Precision.FLOAT64, 1))
                .isInstanceOf(NetworkFormatException.class)
                .hasMessageStartingWith("(root): not valid JSON at line 1, column 141: Non-standard token 'NaN': NaN and Infinity are not JSON numbers");
        // 1e999 overflows a double and is refused at its path.
        assertError(VALID.replace("0.2, 0.3", "1e999, 0.3"), "layers[0].weights[0][1]: the number is too large for float64");
        // 1e39 fits a double but not a float.
        assertThatThrownBy(() -> NetworkJson.read(VALID.replace("0.2, 0.3", "1e39, 0.3"), Precision.FLOAT32, 1))
                .hasMessage("layers[0].weights[0][1]: the number is too large for float32");
    }

    @Test
    void missingFieldsAndMalformedJson() {
        assertError(VALID.replace("\"activation\": \"tanh\", ", ""), "layers[0].activation: missing");
        assertError(VALID.substring(0, 60), "(root): not valid JSON at line 1, column 61: Unexpected end-of-input in field name");
        assertError("", "(root): the file is empty, expected a JSON object");
        assertError("[1, 2]", "(root): expected a JSON object, found an array of 2");
    }
}
