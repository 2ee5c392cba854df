/**
 * {@code ./myelin bench}: the four MNIST peer configurations and the timing of training steps.
 */
package dev.myelin.cli.bench;
