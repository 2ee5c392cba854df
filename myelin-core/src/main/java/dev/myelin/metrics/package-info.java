/**
 * Evaluation metrics: confusion matrices, accuracy, precision and recall, regression errors.
 */
package dev.myelin.metrics;
