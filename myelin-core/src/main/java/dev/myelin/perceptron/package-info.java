/**
 * Teaching tool, not engine: Rosenblatt's perceptron and its learning rule, as the notes introduce it. No
 * engine package depends on it.
 */
package dev.myelin.perceptron;
