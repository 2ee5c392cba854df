/**
 * Teaching tool, not engine: the central-difference gradient check of a whole network. No engine package
 * depends on it.
 */
package dev.myelin.gradcheck;
