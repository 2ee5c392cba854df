package dev.myelin.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.data.Scaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelInfoTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsInferTheTaskFromTheOutputActivation() {
        assertThat(ModelInfo.defaults(Network.builder(2).dense(3, Activation.SOFTMAX).build()).task()).isEqualTo("classification");
        assertThat(ModelInfo.defaults(Network.builder(2).dense(1, Activation.SIGMOID).build()).task()).isEqualTo("classification");
        assertThat(ModelInfo.defaults(Network.builder(2).dense(1, Activation.IDENTITY).build()).task()).isEqualTo("regression");
        ModelInfo d = ModelInfo.defaults(Network.builder(2).dense(4, Activation.RELU).dense(1, Activation.TANH).build());
        assertThat(d).isEqualTo(new ModelInfo("regression", List.of(), null, List.of(), null, List.of(), Map.of()));
    }

    @Test
    void jsonRoundTripAndForm() throws Exception {
        ModelInfo info = new ModelInfo("regression", List.of("temp", "people"), "energy", null,
                Scaler.minMax(new double[] {-10, 0}, new double[] {40, 100}), List.of("temp", "people", "temp*people"),
                Map.of("library", "myelin 0.1.0"));
        String text = JSON.writeValueAsString(info.toJson());
        assertThat(text).isEqualTo("{\"task\":\"regression\",\"featureNames\":[\"temp\",\"people\"],\"labelName\":\"energy\","
                + "\"classNames\":[],\"scaler\":{\"kind\":\"minmax\",\"offset\":[-10.0,0.0],\"scale\":[50.0,100.0]},"
                + "\"featureCrosses\":[\"temp\",\"people\",\"temp*people\"],\"provenance\":{\"library\":\"myelin 0.1.0\"}}");
        assertThat(ModelInfo.fromJson(JSON.readTree(text), "info")).isEqualTo(info);
        assertThat(ModelInfo.fromJson(JSON.readTree("{\"task\":\"classification\"}"), "info"))
                .isEqualTo(new ModelInfo("classification", null, null, null, null, null, null));
    }

    /** The target scaler is optional: written only when present, read back exactly, and ŷ = a·σ + μ. */
    @Test
    void targetScalerRoundTripsAndUnscalesOutputs() throws Exception {
        ModelInfo plain = new ModelInfo("regression", List.of("x"), "y", null, null, null, Map.of());
        assertThat(JSON.writeValueAsString(plain.toJson())).doesNotContain("targetScaler");
        Scaler target = Scaler.fit(Scaler.Kind.STANDARD, dev.myelin.tensor.Matrix.of(new double[][] {{100}, {200}, {300}, {400}},
                dev.myelin.tensor.Precision.FLOAT64));
        ModelInfo info = plain.withTargetScaler(target);
        String text = JSON.writeValueAsString(info.toJson());
        assertThat(text).endsWith(",\"targetScaler\":{\"kind\":\"standard\",\"offset\":[250.0],\"scale\":[111.80339887498948]}}");
        assertThat(ModelInfo.fromJson(JSON.readTree(text), "info")).isEqualTo(info);
        // μ = 250, σ = √((150² + 50² + 50² + 150²)/4) = √12500 = 111.803...; a = 1 → 361.803..., a = −2 → 26.393...
        var out = info.unscaleTargets(dev.myelin.tensor.Matrix.of(new double[][] {{1}, {-2}}, dev.myelin.tensor.Precision.FLOAT64));
        assertThat(out.get(0, 0)).isCloseTo(250 + Math.sqrt(12500), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(out.get(1, 0)).isCloseTo(250 - 2 * Math.sqrt(12500), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(plain.unscaleTargets(out)).isSameAs(out);
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"task\":\"regression\",\"targetScaler\":{\"kind\":\"standard\","
                + "\"offset\":[1],\"scale\":[0]}}"), "i")).hasMessage("i.targetScaler.scale[0]: a scale must not be 0");
    }

    @Test
    void fromJsonIsStrict() {
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"task\":\"regression\",\"classes\":[]}"), "myelin.info"))
                .hasMessage("myelin.info.classes: unknown key (allowed here: classNames, featureCrosses, featureNames, labelName, "
                        + "provenance, scaler, targetScaler, task)");
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"task\":\"regression\",\"featureNames\":[\"a\",1]}"), "i"))
                .hasMessage("i.featureNames[1]: expected a string, found 1");
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"task\":\"regression\",\"provenance\":{\"seed\":42}}"), "i"))
                .hasMessage("i.provenance.seed: expected a string, found 42");
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"featureNames\":[]}"), "i"))
                .hasMessage("i.task: expected \"classification\" or \"regression\", found nothing");
        assertThatThrownBy(() -> ModelInfo.fromJson(JSON.readTree("{\"task\":\"regression\",\"scaler\":{\"kind\":\"none\"}}"), "i"))
                .hasMessage("i.scaler.offset: expected an array of numbers, found nothing");
    }
}
