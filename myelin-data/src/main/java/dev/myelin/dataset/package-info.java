/**
 * Data for the command line and the playground: {@link dev.myelin.dataset.CsvTable}, the one CSV
 * reader (bounded by {@link dev.myelin.dataset.CsvLimits}, {@code file:line:column} errors), and
 * {@link dev.myelin.dataset.TaskRule}, the one rule for what a label column means, with
 * {@link dev.myelin.dataset.Targets} to encode it.
 */
package dev.myelin.dataset;
