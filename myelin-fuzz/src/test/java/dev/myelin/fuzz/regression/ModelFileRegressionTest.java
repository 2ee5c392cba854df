package dev.myelin.fuzz.regression;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.myelin.ModelFile;
import dev.myelin.io.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files whose few bytes claim a huge network. The size limit bounds the file, but the network
 * configuration is built before the tensors are matched to it, so a 184-byte file could make the
 * loader allocate and initialize 200 million parameters (an {@link OutOfMemoryError} in a 1 GB heap,
 * seconds of work in a larger one). Each must fail at once with a {@link ModelFormatException}.
 */
class ModelFileRegressionTest {
    private static final long LIMIT = 1 << 20;
    private static final String HUGE = "{\"format\": \"myelin.network\", \"version\": 1, \"inputs\": 99999999,"
            + " \"layers\": [{\"type\": \"dense\", \"units\": 2, \"activation\": \"relu\"}]}";

    /** A safetensors header with no tensors and a network configuration of 2·10⁸ parameters. */
    static byte[] hugeSafetensors() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.putObject("__metadata__").put("myelin.network", HUGE);
        byte[] json = mapper.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    @Test
    void safetensorsClaimingAHugeNetworkFailsBeforeAllocating(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, hugeSafetensors());
        assertThatThrownBy(() -> ModelFile.load(file, null, LIMIT))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("huge.safetensors: ");
    }

    @Test
    void jsonClaimingAHugeNetworkFailsOnTheLimit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.json");
        Files.writeString(file, HUGE);
        assertThatThrownBy(() -> ModelFile.load(file, null, LIMIT))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("huge.json: ");
    }

    /**
     * Found by ModelFileFuzzTest in the regular build's 20 s run: a header that starts with three
     * zero bytes made Jackson guess UTF-32 and throw {@link java.io.CharConversionException}, an
     * {@code IOException} that {@code SafeTensors.readHeader} does not catch (it catches
     * {@code JsonProcessingException}), so the loader failed with "Invalid UTF-32 character
     * 0x2261227d" instead of a {@link ModelFormatException}. The format says the header is UTF-8.
     */
    @Test
    void headerThatLooksLikeUtf32(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("utf32.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8).put(new byte[] {0, 0, 0, '{', '"', 'a', '"', '}'});
        Files.write(file, b.array());
        assertThatThrownBy(() -> ModelFile.load(file, null, LIMIT))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("utf32.safetensors: ");
    }
}
