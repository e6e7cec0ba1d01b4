package io.sparkmlp.train;

import io.sparkmlp.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue exactly where it was: θ, the optimizer state, the position
 * in the batch plan (epoch, next step), the running sums of the current epoch, the history and
 * the early-stopping bookkeeping. Its size does not grow with the step count: history has one
 * record per epoch, and the per-step norms are a bounded {@link StepSeries}. The batch order itself is a pure function of (seed, epoch),
 * so the position is its whole RNG state. Driver-side only; saved by {@link CheckpointStore}.
 */
public final class TrainingState {
  /** θ, float64 master copy, in the Architecture layout. Updated in place by each step. */
  final double[] theta;
  OptimizerState optimizer;
  /** Steps completed over the whole run. */
  long globalStep;
  /** The current epoch (0-based) and the next step to run in it. */
  int epoch;
  int stepInEpoch;
  /** Sums over the current epoch's completed steps. */
  double epochLossSum;
  /** Σ w over the epoch's rows so far (their count when unweighted). */
  double epochWeightSum;
  /** Steps of the epoch skipped because their batch's weights summed to 0. */
  int epochSkippedSteps;
  long epochCorrect;
  long epochRows;
  double epochStepMillis;
  final List<EpochRecord> history = new ArrayList<>();
  /**
   * ‖∂L/∂W_l‖ per completed step, by global step (1-based): every step up to
   * {@link StepSeries#DEFAULT_CAPACITY}, then evenly thinned, so it never holds more.
   */
  final StepSeries layerNorms = new StepSeries(StepSeries.DEFAULT_CAPACITY);
  double lastFiniteLoss = Double.NaN;
  /**
   * The depth of the tree that sums the steps' partials, fixed when the run starts (0 before):
   * it groups the sums, so a resumed run keeps it even where the auto choice would now differ.
   */
  int aggregationDepth;
  /** Early stopping: best validation loss, its epoch and θ, epochs since. */
  double best = Double.POSITIVE_INFINITY;
  int bestEpoch = -1;
  double[] bestTheta;
  int sinceBest;
  boolean stoppedEarly;

  TrainingState(double[] theta) {
    this.theta = theta;
  }

  public long globalStep() { return globalStep; }
  public int epoch() { return epoch; }
  public int stepInEpoch() { return stepInEpoch; }
  public List<EpochRecord> history() { return List.copyOf(history); }
  /** The per-step gradient norms held (bounded; see {@link StepSeries}). */
  public StepSeries layerNorms() { return layerNorms; }
  /** A copy of θ. */
  public double[] theta() { return theta.clone(); }

  void startEpoch(int e) {
    epoch = e;
    stepInEpoch = 0;
    epochLossSum = 0;
    epochWeightSum = 0;
    epochSkippedSteps = 0;
    epochCorrect = 0;
    epochRows = 0;
    epochStepMillis = 0;
  }
}
