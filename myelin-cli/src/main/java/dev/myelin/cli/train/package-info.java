/**
 * {@code ./myelin train}: settings, the architecture from {@code --layers} or a network file, the run
 * through the core's step-wise training loop, progress printing, checkpoints and resuming.
 */
package dev.myelin.cli.train;
