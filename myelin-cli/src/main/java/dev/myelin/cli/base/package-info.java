/**
 * What every command shares: the {@link dev.myelin.cli.base.BaseCommand} options, the two error types
 * ({@link dev.myelin.cli.base.CliException} for bad data or files, {@link dev.myelin.cli.base.UsageException}
 * for bad flags) and their one-line rendering ({@link dev.myelin.cli.base.Errors}), reading a model file of
 * any format ({@link dev.myelin.cli.base.ModelInput}, {@link dev.myelin.cli.base.ModelFormat}) and a model's
 * scores on a data set ({@link dev.myelin.cli.base.Evaluation}) and how a loss is printed
 * ({@link dev.myelin.cli.base.Figures}). The command packages depend on it; it
 * depends on none of them, so the CLI's package graph has no cycle.
 */
package dev.myelin.cli.base;
