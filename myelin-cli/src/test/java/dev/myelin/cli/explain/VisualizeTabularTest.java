package dev.myelin.cli.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.Network;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelInfo;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** visualize on a model of named features draws a labelled inputs × units weight map, not a tiny square picture. */
class VisualizeTabularTest {
    /** 3 inputs × 2 units: the largest |w| is 1, so 1 is full red, −1 full blue, 0.5 half red (255, 128, 128). */
    static final String NET = """
            {"format": "myelin.network", "version": 1, "inputs": 3, "layers": [
              {"type": "dense", "units": 2, "activation": "relu",
               "weights": [[1, -1], [0.5, 0], [-0.25, 0.75]], "bias": [0, 0]},
              {"type": "dense", "units": 1, "activation": "sigmoid", "weights": [[1], [1]], "bias": [0]}]}""";

    @TempDir
    Path dir;

    private BufferedImage draw(List<String> names, String tag) throws Exception {
        Path model = dir.resolve(tag + ".safetensors");
        ModelFile.save(model, new Model(Network.fromJson(NET), new ModelInfo(ModelInfo.CLASSIFICATION, names, "label",
                List.of("no", "yes"), null, List.of(), Map.of())));
        Path out = dir.resolve(tag);
        ExplainCommandsTest.Run r = ExplainCommandsTest.run("visualize", "--model", model.toString(), "--units", "0-1", "--steps", "5",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("weights.png").contains("3 inputs × 2 units").contains("labelled");
        assertThat(Files.exists(out.resolve("maximize.png"))).isFalse();
        return ImageIO.read(out.resolve("weights.png").toFile());
    }

    private static int count(BufferedImage img, int r, int g, int b) {
        int rgb = (r << 16) | (g << 8) | b, n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void aLabelledMapWhoseWidthGrowsWithTheNames() throws Exception {
        BufferedImage small = draw(List.of("a", "b", "c"), "short");
        BufferedImage wide = draw(List.of("a", "a_rather_long_feature_name_of_40_letters", "c"), "long");
        int cell = WeightMap.CELL;
        assertThat(small.getHeight()).isGreaterThanOrEqualTo(3 * cell).isEqualTo(wide.getHeight());
        assertThat(wide.getWidth() - small.getWidth()).isGreaterThan(150); // the 40-letter label widens the left margin
        // the cells (less the map's 1-pixel border): w = 0.5 is (255, 128, 128), w = 1 full red, w = −1 full blue
        assertThat(count(small, 255, 128, 128)).isGreaterThanOrEqualTo((cell - 1) * (cell - 1));
        assertThat(count(small, 255, 0, 0)).isGreaterThanOrEqualTo((cell - 1) * (cell - 1));
        assertThat(count(small, 0, 0, 255)).isGreaterThanOrEqualTo((cell - 1) * (cell - 1));
        // text: dark pixels left of the map, where the names are drawn
        int dark = 0;
        for (int y = 0; y < wide.getHeight(); y++) {
            for (int x = 0; x < 100; x++) {
                dark += (wide.getRGB(x, y) & 0xFF) < 100 && ((wide.getRGB(x, y) >> 16) & 0xFF) < 100 ? 1 : 0;
            }
        }
        assertThat(dark).isGreaterThan(50);
    }

    @Test
    void weightMapColoursAndChecks() {
        assertThat(WeightMap.colour(1)).isEqualTo(new java.awt.Color(255, 0, 0));
        assertThat(WeightMap.colour(-1)).isEqualTo(new java.awt.Color(0, 0, 255));
        assertThat(WeightMap.colour(0)).isEqualTo(new java.awt.Color(255, 255, 255));
        assertThat(WeightMap.colour(-0.5)).isEqualTo(new java.awt.Color(128, 128, 255));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WeightMap.draw(new double[2][1], List.of("a"), List.of("0"), "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
