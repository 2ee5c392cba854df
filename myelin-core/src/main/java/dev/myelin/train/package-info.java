/**
 * Training: {@link dev.myelin.train.Training} is pure configuration; {@link dev.myelin.train.Trainer}
 * runs one fit as a step-wise {@link dev.myelin.train.TrainingRun} with listeners (early stopping,
 * divergence checks), which the command line and the playground drive alike.
 */
package dev.myelin.train;
