package dev.myelin.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.myelin.playground.CsvData;
import dev.myelin.playground.HttpError;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the playground's CSV upload parser ({@link CsvData#parse}): any text gives a data set or an
 * {@link HttpError} with a 4xx status and a message for the page. Input: the first byte picks the
 * label (even: the last column, odd: the column named "label"); the rest is the upload.
 */
public class PlaygroundCsvFuzzTest {

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        String label = (data[0] & 1) == 0 ? null : "label";
        String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        Outcome.expect(() -> {
            try {
                CsvData.parse("upload.csv", text, label);
            } catch (HttpError e) {
                if (e.status() < 400 || e.status() > 499) {
                    throw new IllegalStateException("status " + e.status() + " for a bad upload: " + e.getMessage(), e);
                }
                throw e;
            }
        }, HttpError.class);
    }

    @FuzzTest
    void playgroundCsv(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
