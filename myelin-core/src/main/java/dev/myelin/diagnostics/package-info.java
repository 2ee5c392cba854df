/**
 * Teaching tool, not engine: training diagnostics (gradient norms, update ratios, dead and saturated
 * units), vanishing-gradient experiments and unit visualization (top activations, activation maximization).
 * It reads layers only through the layer contract; no engine package depends on it.
 */
package dev.myelin.diagnostics;
