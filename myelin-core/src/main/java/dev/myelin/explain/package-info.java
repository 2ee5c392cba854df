/**
 * Teaching tool, not engine: {@code explain} records every number of a training step from the layers' own
 * float64 forward and backward pass ({@link dev.myelin.explain.PassRecord}) and renders them as the notes
 * write them (text, LaTeX, JSON). No engine package depends on it.
 */
package dev.myelin.explain;
