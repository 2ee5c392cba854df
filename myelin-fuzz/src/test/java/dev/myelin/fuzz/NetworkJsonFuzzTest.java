package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.io.NetworkFormatException;
import dev.myelin.io.NetworkJson;
import dev.myelin.tensor.Precision;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the JSON network reader ({@link NetworkJson#read}): any text gives a network or a
 * {@link NetworkFormatException} naming the JSON path. Input: the first byte picks the precision
 * (even: float32, odd: float64), the rest is the file's text.
 */
public class NetworkJsonFuzzTest {

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Precision precision = (data[0] & 1) == 0 ? Precision.FLOAT32 : Precision.FLOAT64;
        String json = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        Outcome.expect(() -> NetworkJson.read(json, precision, 7L), NetworkFormatException.class);
    }

    @FuzzTest
    void networkJson(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
