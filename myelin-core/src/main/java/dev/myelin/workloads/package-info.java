/**
 * The reference workloads that speed is measured on: the four MNIST configurations (nielsen, small,
 * medium, wide) that the peer benchmarks run PyTorch, scikit-learn and the Java libraries on, defined
 * once here so that {@code ./myelin bench} and the JMH benchmarks of {@code myelin-bench} measure the
 * same networks, optimizers, losses and batch sizes. Not part of the engine: nothing in the core uses it.
 */
package dev.myelin.workloads;
