/**
 * The {@code ./myelin} command line: one picocli command per verb (train, evaluate, predict, bench, explain,
 * ...), the shared error handling (one clear sentence and a non-zero exit, never a stack trace) and model loading.
 */
package dev.myelin.cli;
