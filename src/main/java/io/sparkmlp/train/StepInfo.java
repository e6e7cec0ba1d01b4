package io.sparkmlp.train;

/**
 * What one training step did, for progress and diagnostics. Times in milliseconds, which add up
 * to the step's wall time on the driver:
 * <ul>
 *   <li>{@code broadcastMillis}: θ to the engine's precision and into a broadcast;
 *   <li>{@code jobMillis}: the Spark job, from submission to the driver holding the combined
 *       sums. Inside it: {@code computeMillis}, the slowest partition's engine time;
 *       {@code aggregationMillis}, from the end of the last partition's engine work to the
 *       driver holding the sum (result serialization, transfer, the ordered combine); the rest
 *       ({@link #schedulingMillis}) is task launch, task and broadcast fetch, and waiting;
 *   <li>{@code updateMillis}: the driver's normalize, checks, clipping and optimizer update.
 * </ul>
 * {@code aggregationMillis} compares the executor's {@link System#nanoTime()} with the driver's,
 * one clock only when they share a host (local mode, or a cluster on one machine); elsewhere,
 * when the difference falls outside [0, jobMillis], it is NaN.
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
    double aggregationMillis,
    double updateMillis) {

  /** Wall time of the whole step. */
  public double stepMillis() {
    return broadcastMillis + jobMillis + updateMillis;
  }

  /** Everything in the step that is not the slowest partition's engine work. */
  public double overheadMillis() {
    return stepMillis() - computeMillis;
  }

  /** The job's time outside compute and aggregation (NaN when aggregation is). */
  public double schedulingMillis() {
    return jobMillis - computeMillis - aggregationMillis;
  }
}
