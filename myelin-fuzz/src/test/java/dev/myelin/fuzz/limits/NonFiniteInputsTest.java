package dev.myelin.fuzz.limits;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.Network;
import dev.myelin.activations.Activation;
import dev.myelin.dataset.CsvTable;
import dev.myelin.Model;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelFormatException;
import dev.myelin.io.NetworkFormatException;
import dev.myelin.io.NetworkJson;
import dev.myelin.playground.HttpError;
import dev.myelin.tensor.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NaN or an infinity in any input is refused where it is read, with its place: CSV file, line and
 * column; JSON path; safetensors tensor and index; the playground's upload line and column.
 */
class NonFiniteInputsTest {

    @Test
    void csvCellsNameFileLineAndColumn(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"NaN", "nan.csv:3:2: expected a number, found \"NaN\" (column \"x2\")"},
            {"Infinity", "nan.csv:3:2: expected a number, found \"Infinity\" (column \"x2\")"},
            {"-inf", "nan.csv:3:2: expected a number, found \"-inf\" (column \"x2\")"},
            {"1e400", "nan.csv:3:2: expected a number, found \"1e400\" (column \"x2\")"}};
        for (String[] c : cases) {
            Path f = dir.resolve("nan.csv");
            Files.writeString(f, "x1,x2,label\n1,2,a\n3," + c[0] + ",b\n");
            assertThatThrownBy(() -> CsvTable.read(f, null, CsvTable.LabelMode.REQUIRED, null, 1 << 20))
                    .isInstanceOf(dev.myelin.dataset.DataFormatException.class).hasMessage(c[1]);
        }
    }

    @Test
    void jsonNetworkWeightsNameThePath() {
        String json = "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 2, \"layers\": [{\"type\": \"dense\", "
                + "\"units\": 1, \"activation\": \"sigmoid\", \"weights\": [[0.5], [1e999]], \"bias\": [0]}]}";
        assertThatThrownBy(() -> NetworkJson.read(json, Precision.FLOAT64, 1))
                .isInstanceOf(NetworkFormatException.class).hasMessageStartingWith("layers[0].weights[1][0]: ");
        String bias = json.replace("[[0.5], [1e999]]", "[[0.5], [1]]").replace("\"bias\": [0]", "\"bias\": [-1e999]");
        assertThatThrownBy(() -> NetworkJson.read(bias, Precision.FLOAT32, 1))
                .isInstanceOf(NetworkFormatException.class).hasMessageStartingWith("layers[0].bias[0]: ");
    }

    /** A NaN written into a model file's weight (by hand: the writer never writes one) names the tensor and index. */
    @Test
    void safetensorsValuesNameTensorAndIndex(@TempDir Path dir) throws Exception {
        Network net = Network.builder(2).dense(3, Activation.TANH).dense(1, Activation.SIGMOID).seed(1).build();
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, Model.of(net));
        byte[] bytes = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int dataStart = (int) (8 + headerLength);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(dataStart + 4 * 4, Float.NaN);
        Files.write(f, bytes);
        assertThatThrownBy(() -> ModelFile.load(f))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("m.safetensors: tensor layers.0.weight has a non-finite value (NaN) at index 4");
    }

    @Test
    void playgroundUploadsNameLineAndColumn() {
        String csv = "x1,x2,label\n" + "1,2,a\n".repeat(5) + "1,NaN,b\n" + "3,4,b\n".repeat(5);
        assertThatThrownBy(() -> dev.myelin.playground.CsvData.parse("up.csv", csv, null))
                .isInstanceOf(HttpError.class).hasMessage("up.csv:7:2: expected a number, found \"NaN\" (column \"x2\")");
    }
}
