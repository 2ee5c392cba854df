/**
 * The kernels' public face ({@link dev.myelin.compute.Compute}): matrix products and the kernel thread
 * count for code outside the core, which must not import the internal kernel package.
 */
package dev.myelin.compute;
