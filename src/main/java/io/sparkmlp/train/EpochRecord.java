package io.sparkmlp.train;

import java.io.Serializable;

/**
 * One epoch of history. Train figures are means over the epoch's batches (with the weights
 * as they were at each step); validation figures are for the weights at the epoch's end, NaN
 * when there is no validation set. Accuracy is NaN for regression, RMSE NaN for classification.
 * With sample weights the losses are weighted means (Σ w·ℓ / Σ w) and accuracy counts rows;
 * {@code skippedSteps} counts the epoch's batches whose weights summed to 0, which changed
 * nothing (0 without weights).
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
    double learningRate,
    int skippedSteps) implements Serializable {

  /**
   * The train RMSE of a regression, √(train loss) since the MSE loss is the mean of the squared
   * errors over rows and outputs; NaN for classification.
   */
  public double trainRmse() {
    return Double.isNaN(trainAccuracy) ? Math.sqrt(trainLoss) : Double.NaN;
  }

  /** One line for logs, e.g. {@code train loss 0.08123 acc 0.9751, validation loss ... acc ..., lr 0.001, 45210 rows/s, 13.2 s}. */
  public String describe() {
    StringBuilder sb = new StringBuilder(String.format("train loss %.5f", trainLoss));
    if (!Double.isNaN(trainAccuracy)) {
      sb.append(String.format(" acc %.4f", trainAccuracy));
    }
    if (!Double.isNaN(validationLoss)) {
      sb.append(String.format(", validation loss %.5f", validationLoss));
      if (!Double.isNaN(validationAccuracy)) {
        sb.append(String.format(" acc %.4f", validationAccuracy));
      }
      if (!Double.isNaN(validationRmse)) {
        sb.append(String.format(" rmse %.5f", validationRmse));
      }
    }
    if (skippedSteps > 0) {
      sb.append(String.format(", %d step(s) skipped (batch weights 0)", skippedSteps));
    }
    return sb.append(String.format(", lr %.3g, %.0f rows/s, %.2f s", learningRate, samplesPerSecond, seconds))
        .toString();
  }
}
