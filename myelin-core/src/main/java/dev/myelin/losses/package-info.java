/**
 * Loss functions E with their gradients ∂E/∂a, and the fused forms (softmax + cross-entropy, sigmoid +
 * binary cross-entropy) that take E from z and give δ = (a − y)/N.
 */
package dev.myelin.losses;
