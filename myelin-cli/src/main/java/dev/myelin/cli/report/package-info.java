/**
 * Training reports: history tables and loss, accuracy and confusion charts written to a directory.
 */
package dev.myelin.cli.report;
