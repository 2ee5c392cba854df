package dev.myelin.kernel;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For kernel tests that change the process-wide kernel settings: saves the thread count and the
 * parallel-FLOP threshold before each test (before the class's own {@code @BeforeEach}, which may
 * change them) and restores them after it (and the speed paths of {@link FloatGemm} as configured), so no test leaks its settings into the next.
 * Use with {@code @ExtendWith(RestoresKernelSettings.class)}.
 */
final class RestoresKernelSettings implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RestoresKernelSettings.class);

    private record Saved(int threads, long parallelFlops) {}

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(Saved.class, new Saved(Kernels.threads(), KernelPool.parallelFlops()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Saved saved = context.getStore(NS).get(Saved.class, Saved.class);
        Kernels.setThreads(saved.threads());
        KernelPool.setParallelFlops(saved.parallelFlops());
        FloatGemm.setQuadRows(true);
        FloatGemm.setTransposedFives(true);
        FloatGemm.setHoistCopies(true);
        FloatGemm.setOwners(Boolean.parseBoolean(System.getProperty("myelin.gemm.owners", "true")));
        FloatGemm.setSparseRows(Boolean.parseBoolean(System.getProperty("myelin.gemm.sparse", "true")));
        FloatSparseKernel.setCompacts(null);
        FloatSparseKernel.setRowsFrom(null);
    }
}
