package io.sparkmlp.train;

/**
 * A validation in the middle of an epoch (every {@code validateEverySteps} steps): where it
 * happened, and the validation set's mean loss, accuracy (NaN for regression) and RMSE (NaN for
 * classification) under the weights after step {@code globalStep}. Epoch-end validations are
 * in {@link EpochRecord}.
 */
public record ValidationCheck(int epoch, int step, int stepsPerEpoch, long globalStep,
    double loss, double accuracy, double rmse) {}
