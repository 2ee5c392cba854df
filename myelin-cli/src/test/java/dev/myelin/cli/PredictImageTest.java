package dev.myelin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.cli.data.DigitImageTest;
import dev.myelin.cli.data.Mnist;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict with a PNG on a 784-input model. */
class PredictImageTest {
    @TempDir
    Path dir;

    @Test
    void aPictureGoesThroughAnMnistShapedModel() throws Exception {
        Network net = Network.builder(784).dense(10, Activation.SOFTMAX).seed(3).build();
        Path model = dir.resolve("digits.safetensors");
        ModelFile.save(model, new Model(net, new ModelInfo(ModelInfo.CLASSIFICATION, List.of(), "digit", Mnist.CLASS_NAMES, null,
                List.of(), Map.of())));
        Path png = dir.resolve("one.png");
        ImageIO.write(DigitImageTest.stroke(true), "png", png.toFile());
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--input", png.toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode p = new ObjectMapper().readTree(r.out()).get("predictions").get(0);
        assertThat(p.get("input").asText()).isEqualTo("one.png");
        assertThat(p.get("probabilities")).hasSize(10);
        assertThat(Mnist.CLASS_NAMES).contains(p.get("class").asText());
        Cli.Result text = Cli.run("predict", "--model", model.toString(), "--input", png.toString());
        assertThat(text.out()).startsWith("one.png: ");
    }
}
