/**
 * Internal, not exported: the hot loops (blocked and Vector API matrix products, element-wise activation
 * maps, the kernel thread pool), each fast kernel with a plain reference loop beside it and a test holding the
 * two together. Other modules use {@link dev.myelin.compute.Compute} instead.
 */
package dev.myelin.kernel;
