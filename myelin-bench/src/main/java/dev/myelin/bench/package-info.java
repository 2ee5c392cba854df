/**
 * JMH benchmarks: matrix products at the shapes of the MNIST networks and whole training steps, each measured
 * against a peer in the same run. Built into target/benchmarks.jar; never run by {@code mvn test}.
 */
package dev.myelin.bench;
