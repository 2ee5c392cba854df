/**
 * Weight initializers (constant, uniform, normal, Xavier, He) and the seeded random generator
 * ({@link dev.myelin.init.Rng}, SplitMix64) all randomness comes from.
 */
package dev.myelin.init;
