package dev.myelin.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The vector shape the kernel tests run under. The build runs the kernel tests three times (this
 * machine's widest vectors, {@code -XX:UseAVX=2}, {@code -XX:MaxVectorSize=16}); the last two set
 * {@code myelin.test.maxVectorBits}, and this test fails if the flag did not narrow the vectors, so
 * a run that silently tested the wide kernels twice cannot pass.
 */
class VectorShapeTest {
    @Test
    void theKernelsRunAtTheShapeThisTestRunAskedFor() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        System.out.println("kernel tests: " + bits + "-bit float vectors, micro-kernel "
                + FloatMicroKernel.MR + "x" + FloatMicroKernel.NR);
        assertThat(bits).isGreaterThanOrEqualTo(128);
        int max = Integer.getInteger("myelin.test.maxVectorBits", Integer.MAX_VALUE);
        assertThat(bits).as("float vector width under this run's flags").isLessThanOrEqualTo(max);
    }
}
