package io.sparkmlp.train;

import java.io.Serializable;

/**
 * One epoch of history. Train figures are means over the epoch's batches (with the weights
 * as they were at each step); validation figures are for the weights at the epoch's end, NaN
 * when there is no validation set. Accuracy is NaN for regression, RMSE NaN for classification.
 */
public record EpochRecord(
    int epoch,
    int steps,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double validationRmse,
    double samplesPerSecond,
    double meanStepMillis,
    double seconds,
    double learningRate) implements Serializable {}
