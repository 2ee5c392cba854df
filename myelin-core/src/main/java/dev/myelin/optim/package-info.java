/**
 * Optimizers, listed in order of increasing complexity (SGD, momentum, Adagrad, RMSprop, Adadelta, Adam,
 * AdamW), as configuration; their per-fit state (moments, step counts) keyed by parameter name; learning-rate
 * schedules.
 */
package dev.myelin.optim;
