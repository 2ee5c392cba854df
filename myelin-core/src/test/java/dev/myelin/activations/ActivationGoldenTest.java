package dev.myelin.activations;

import static dev.myelin.gradcheck.Golden.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.gradcheck.Golden;
import dev.myelin.tensor.Matrix;
import dev.myelin.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every activation's forward value and derivative against PyTorch autograd in float64
 * ({@code tools/golden/activations_losses.py}), to 1e-12 relative, on inputs from −800 to 800
 * (saturation at ±40 and ±800, tails at ±12.5, small values near the kinks).
 */
class ActivationGoldenTest {
    static final double REL = 1e-12;
    static final JsonNode GOLDEN = Golden.load("activations_losses.json").get("activations");

    @ParameterizedTest
    @ValueSource(strings = {"identity", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus"})
    void elementwiseForwardAndDerivative(String name) {
        JsonNode g = GOLDEN.get(name);
        double[] z = Golden.vector(g.get("z"));
        double[] a = Golden.vector(g.get("a"));
        double[] d = Golden.vector(g.get("derivative"));
        Activation act = Activation.byName(name);
        // Through the batch API (forward, then backward with ∂E/∂a = 1), as a layer uses it.
        Matrix zm = Matrix.row(z, Precision.FLOAT64);
        Matrix am = Matrix.zeros(1, z.length, Precision.FLOAT64);
        Matrix ones = Matrix.zeros(1, z.length, Precision.FLOAT64).fill(1);
        Matrix gz = Matrix.zeros(1, z.length, Precision.FLOAT64);
        act.forward(zm, am);
        act.backward(zm, am, ones, gz);
        for (int i = 0; i < z.length; i++) {
            assertClose(name + "(" + z[i] + ")", am.get(i), a[i], REL);
            // tanh' = 1 − a² cancels for |z| ≫ 1: both sides carry an absolute error of about one ulp
            // of 1 (2⁻⁵²), e.g. tanh'(−12.5) = 5.5551785394e-11 differs from PyTorch's in the 11th digit.
            double abs = name.equals("tanh") ? 0x1p-52 : 0;
            assertClose(name + "'(" + z[i] + ")", gz.get(i), d[i], REL, abs);
        }
    }

    @Test
    void softmaxForwardAndVectorJacobianProduct() {
        JsonNode g = GOLDEN.get("softmax");
        Matrix z = Golden.matrix(g.get("z"));
        Matrix a = Matrix.zeros(z.rows(), z.cols(), Precision.FLOAT64);
        Matrix gz = Matrix.zeros(z.rows(), z.cols(), Precision.FLOAT64);
        Activation.SOFTMAX.forward(z, a);
        Activation.SOFTMAX.backward(z, a, Golden.matrix(g.get("upstream")), gz);
        assertClose("softmax", a, g.get("a"), REL);
        assertClose("softmax ∂E/∂z", gz, g.get("grad_z"), REL);
    }
}
