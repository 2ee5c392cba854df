package dev.myelin.kernel;

/**
 * Holds the process-wide default {@link Kernels}: {@link VectorKernels} when the
 * {@code jdk.incubator.vector} module is in the boot layer (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}), else {@link ReferenceKernels}. The system property
 * {@code myelin.kernels=reference} forces the reference kernels. VectorKernels is loaded
 * reflectively, so this class links without the module.
 */
final class KernelRegistry {
    static final String VECTOR_CLASS = "dev.myelin.kernel.VectorKernels";

    private static volatile Kernels current = select();

    private KernelRegistry() {}

    static Kernels current() {
        return current;
    }

    static void set(Kernels kernels) {
        current = kernels;
    }

    /** The fast kernels if they can be loaded here, else null. */
    static Kernels vectorKernels() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
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
        return fast != null ? fast : ReferenceKernels.INSTANCE;
    }
}
