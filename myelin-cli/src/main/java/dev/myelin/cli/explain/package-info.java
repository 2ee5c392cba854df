/**
 * The teaching commands: {@code explain} (a training step's numbers as the notes write them),
 * {@code gradcheck}, {@code visualize} and the perceptron lessons. They use the teaching packages of the core
 * ({@code explain}, {@code gradcheck}, {@code diagnostics}, {@code perceptron}).
 */
package dev.myelin.cli.explain;
