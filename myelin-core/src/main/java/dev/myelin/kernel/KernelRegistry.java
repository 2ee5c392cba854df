package dev.myelin.kernel;

/**
 * Holds the process-wide default {@link Kernels}: {@link VectorKernels} when the
 * {@code jdk.incubator.vector} module is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), else {@link ReferenceKernels}. The system property
 * {@code myelin.kernels=reference} forces the reference kernels. VectorKernels is loaded
 * reflectively, so this class links without the module.
 *
 * <p>When the module is missing (and the reference kernels were not asked for), one line on
 * standard error says so, once per process: the plain loops are correct but several times slower.
 */
final class KernelRegistry {
    static final String VECTOR_CLASS = "dev.myelin.kernel.VectorKernels";
    static final String NOTICE = "myelin: the Vector API module (jdk.incubator.vector) is not available, so the"
            + " plain Java loops run; start Java with --add-modules jdk.incubator.vector for the SIMD kernels";

    private static final boolean VECTOR_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static volatile Kernels current = select();

    private KernelRegistry() {}

    static Kernels current() {
        return current;
    }

    static void set(Kernels kernels) {
        current = kernels;
    }

    /** True when the {@code jdk.incubator.vector} module is in the boot layer. */
    static boolean vectorPresent() {
        return VECTOR_PRESENT;
    }

    /** The fast kernels if they can be loaded here, else null. */
    static Kernels vectorKernels() {
        if (!VECTOR_PRESENT) {
            return null;
        }
        try {
            return (Kernels) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static Kernels select() {
        if ("reference".equalsIgnoreCase(System.getProperty("myelin.kernels", ""))) {
            return ReferenceKernels.INSTANCE;
        }
        Kernels fast = vectorKernels();
        if (fast == null) {
            System.err.println(NOTICE);
            return ReferenceKernels.INSTANCE;
        }
        return fast;
    }
}
