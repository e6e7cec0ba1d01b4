package io.sparkmlp.ml;

import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What a fit did, kept on the model it produced (not saved with it): the per-epoch history and
 * the {@link TrainingResult}'s figures, without θ.
 */
public final class MlpTrainingSummary {
  private final List<EpochRecord> history;
  private final List<double[]> layerGradNorms;
  private final double trainSeconds;
  private final long samplesSeen;
  private final long steps;
  private final boolean stoppedEarly;
  private final int bestEpoch;

  MlpTrainingSummary(TrainingResult result) {
    this.history = List.copyOf(result.history());
    List<double[]> norms = new ArrayList<>(result.layerGradNorms().size());
    for (double[] n : result.layerGradNorms()) {
      norms.add(n.clone());
    }
    this.layerGradNorms = norms;
    this.trainSeconds = result.trainSeconds();
    this.samplesSeen = result.samplesSeen();
    this.steps = result.steps();
    this.stoppedEarly = result.stoppedEarly();
    this.bestEpoch = result.bestEpoch();
  }

  /** One record per epoch run, in order (immutable). */
  public List<EpochRecord> history() { return history; }

  /** Epochs run (fewer than maxEpochs after early stopping). */
  public int totalEpochs() { return history.size(); }

  /**
   * The training loss of each epoch, in order (Spark's objectiveHistory, one value per epoch,
   * not per step): Σ ℓ over the rows the epoch's steps trained on, each row's loss ℓ computed
   * with the θ its step started from, divided by those rows. Its length is {@link #totalEpochs()}.
   */
  public double[] objectiveHistory() {
    return history.stream().mapToDouble(EpochRecord::trainLoss).toArray();
  }

  /** ‖∂L/∂W_l‖₂ of each step (steps × layers); copies. */
  public List<double[]> layerGradNorms() {
    List<double[]> out = new ArrayList<>(layerGradNorms.size());
    for (double[] n : layerGradNorms) {
      out.add(n.clone());
    }
    return out;
  }

  /** Wall time of the training loop, packing excluded. */
  public double trainSeconds() { return trainSeconds; }
  public long samplesSeen() { return samplesSeen; }
  /** Optimizer steps taken. */
  public long steps() { return steps; }
  /** Optimizer steps taken, as MLlib's {@code totalIterations} (the same as {@link #steps()}). */
  public long totalIterations() { return steps; }
  public boolean stoppedEarly() { return stoppedEarly; }
  /** 0-based epoch whose weights the model holds (the best on validation with early stopping, else the last). */
  public int bestEpoch() { return bestEpoch; }
  public double samplesPerSecond() { return trainSeconds > 0 ? samplesSeen / trainSeconds : 0; }

  @Override
  public String toString() {
    EpochRecord last = history.isEmpty() ? null : history.get(history.size() - 1);
    return "MlpTrainingSummary(" + totalEpochs() + " epochs, " + steps + " steps, "
        + String.format("%.2f s", trainSeconds)
        + (last == null ? "" : String.format(", final train loss %.6g", last.trainLoss()))
        + (stoppedEarly ? ", stopped early" : "") + ")";
  }
}
