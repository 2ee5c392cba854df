package dev.myelin.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the golden values under {@code src/test/resources/golden/} (written by the committed scripts in
 * {@code tools/golden/}) and compares numbers with a relative tolerance.
 */
public final class Golden {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Golden() {}

    /** The parsed JSON file {@code golden/<name>} from the test class path. */
    public static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden/" + name + " is missing: run tools/golden/activations_losses.py");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static double[] vector(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).doubleValue();
        }
        return v;
    }

    public static double[][] rows(JsonNode array) {
        double[][] m = new double[array.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(array.get(i));
        }
        return m;
    }

    /** A float64 matrix from a JSON array of rows. */
    public static Matrix matrix(JsonNode array) {
        return Matrix.of(rows(array), Precision.FLOAT64);
    }

    /** |actual − expected| ≤ rel·max(|actual|, |expected|); exact zeros must match exactly. */
    public static void assertClose(String what, double actual, double expected, double rel) {
        assertClose(what, actual, expected, rel, 0);
    }

    /** |actual − expected| ≤ rel·max(|actual|, |expected|) + abs. */
    public static void assertClose(String what, double actual, double expected, double rel, double abs) {
        double tol = rel * Math.max(Math.abs(actual), Math.abs(expected)) + abs;
        assertThat(Math.abs(actual - expected) <= tol || actual == expected)
                .as("%s: actual %s, expected %s (relative tolerance %s)", what, actual, expected, rel).isTrue();
    }

    /** Element-wise {@link #assertClose} of a matrix against a JSON array of rows. */
    public static void assertClose(String what, Matrix actual, JsonNode expected, double rel) {
        double[][] e = rows(expected);
        assertThat(actual.rows()).as(what + " rows").isEqualTo(e.length);
        for (int r = 0; r < e.length; r++) {
            assertThat(actual.cols()).as(what + " columns").isEqualTo(e[r].length);
            for (int c = 0; c < e[r].length; c++) {
                assertClose(what + "[" + r + "][" + c + "]", actual.get(r, c), e[r][c], rel);
            }
        }
    }
}
