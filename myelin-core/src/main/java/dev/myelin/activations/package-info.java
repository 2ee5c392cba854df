/**
 * Activation functions g with their derivatives side by side (a = g(z), δ = g'(z) ⊙ ∂E/∂a), each in its
 * own file, and the names the JSON network format uses for them.
 */
package dev.myelin.activations;
