/**
 * Myelin's engine: dense networks, their activations, losses, optimizers and training loop, the JSON
 * network format and safe model files. The kernel package stays internal.
 */
module dev.myelin.core {
    requires transitive com.fasterxml.jackson.databind;
    requires static jdk.incubator.vector;

    exports dev.myelin;
    exports dev.myelin.activations;
    exports dev.myelin.compute;
    exports dev.myelin.data;
    exports dev.myelin.diagnostics;
    exports dev.myelin.explain;
    exports dev.myelin.gradcheck;
    exports dev.myelin.init;
    exports dev.myelin.io;
    exports dev.myelin.layers;
    exports dev.myelin.losses;
    exports dev.myelin.metrics;
    exports dev.myelin.nn;
    exports dev.myelin.optim;
    exports dev.myelin.perceptron;
    exports dev.myelin.tensor;
    exports dev.myelin.train;
    exports dev.myelin.workloads;
}
