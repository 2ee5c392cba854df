/**
 * The dense row-major matrix (batch rows × feature columns) in float32 or float64 that every layer,
 * loss and optimizer computes with.
 */
package dev.myelin.tensor;
