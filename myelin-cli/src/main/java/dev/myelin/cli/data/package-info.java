/**
 * The command line's data sets: CSV files, MNIST (IDX files, downloaded archives) and synthetic sets,
 * read into {@link dev.myelin.data.Dataset}s with the task (classification or regression) inferred.
 */
package dev.myelin.cli.data;
