/**
 * The network engine: {@link dev.myelin.nn.Sequential}, a list of layers with its forward and backward
 * pass, loss, prediction and named parameters. It sits below the file formats ({@code io}), the
 * optimizers ({@code optim}) and the training loop ({@code train}), which take a {@code Sequential};
 * {@link dev.myelin.Network}, the class users build, save and fit, extends it from the package above.
 * This package reaches none of io, optim or train, so the core's package graph has no cycle.
 */
package dev.myelin.nn;
