package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import java.util.List;

/**
 * What training produced: the architecture, θ (float64, the layout of {@link Architecture}),
 * the per-epoch history, the gradient norm of each layer's W per step (rows × layers, at the
 * 1-based global steps {@code layerGradNormSteps}: every step up to
 * {@link StepSeries#DEFAULT_CAPACITY} steps, evenly thinned beyond), and timing.
 */
public record TrainingResult(
    Architecture architecture,
    double[] theta,
    List<EpochRecord> history,
    List<double[]> layerGradNorms,
    long[] layerGradNormSteps,
    double trainSeconds,
    long samplesSeen,
    long steps,
    boolean stoppedEarly,
    int bestEpoch) {

  /** Rows seen per second over the whole run. */
  public double samplesPerSecond() {
    return trainSeconds > 0 ? samplesSeen / trainSeconds : 0;
  }
}
