package io.sparkmlp.train;

/**
 * What one training step did, for progress and diagnostics. Times in milliseconds:
 * {@code broadcastMillis} to broadcast θ, {@code jobMillis} for the Spark job (executor compute,
 * aggregation and scheduling), {@code computeMillis} the slowest partition's engine time inside
 * that job, {@code updateMillis} the driver's normalize-clip-update.
 */
public record StepInfo(
    int epoch,
    int maxEpochs,
    int step,
    int stepsPerEpoch,
    long globalStep,
    int rows,
    double loss,
    double gradNorm,
    double[] layerGradNorms,
    double learningRate,
    double broadcastMillis,
    double jobMillis,
    double computeMillis,
    double updateMillis) {

  /** Wall time of the whole step. */
  public double stepMillis() {
    return broadcastMillis + jobMillis + updateMillis;
  }
}
