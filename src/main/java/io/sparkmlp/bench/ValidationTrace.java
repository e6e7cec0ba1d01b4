package io.sparkmlp.bench;

import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.ValidationCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Every validation check of one fit, in order: the Trainer's mid-epoch checks (every
 * validate-every steps, {@link TrainingListener#onValidation}) and its epoch-end checks
 * ({@link TrainingListener#onEpoch}). Read as a run of any length E up to the fit's: the checks up
 * to the end of epoch E are that run's (see {@link Recipe} for why a shorter run is a prefix).
 */
final class ValidationTrace implements TrainingListener {
  /** One check: after {@code step} steps (1-based global count), {@code correct} of the validation rows. */
  record Check(long step, int epoch, boolean epochEnd, long correct) {}

  private final long validationRows;
  private final List<Check> checks = new ArrayList<>();
  private final List<EpochRecord> epochs = new ArrayList<>();
  private int stepsPerEpoch;

  ValidationTrace(long validationRows) {
    this.validationRows = validationRows;
  }

  @Override
  public void onValidation(ValidationCheck c) {
    stepsPerEpoch = c.stepsPerEpoch();
    checks.add(new Check(c.globalStep(), c.epoch(), false, correct(c.accuracy())));
  }

  @Override
  public void onEpoch(EpochRecord e) {
    stepsPerEpoch = e.steps();
    epochs.add(e);
    checks.add(new Check((long) e.epoch() * e.steps(), e.epoch(), true, correct(e.validationAccuracy())));
  }

  /** accuracy = correct / rows, back to the count so that thresholds compare exactly. */
  private long correct(double accuracy) {
    return Math.round(accuracy * validationRows);
  }

  int stepsPerEpoch() { return stepsPerEpoch; }

  int epochsRun() { return epochs.size(); }

  long validationRows() { return validationRows; }

  /** True when {@code correct} of the validation rows is at least {@code fraction} of them. */
  private boolean atLeast(long correct, double fraction) {
    return correct >= Math.ceil(fraction * validationRows - 1e-9);
  }

  /**
   * The run of {@code e} epochs: the step of its first check at ≥ {@code target} after which every
   * later check of that run stays ≥ {@code target}; -1 when its last check is below.
   */
  long holdingStep(int e, double target) {
    long holding = -1;
    for (Check c : upTo(e)) {
      if (!atLeast(c.correct(), target)) {
        holding = -1;
      } else if (holding < 0) {
        holding = c.step();
      }
    }
    return holding;
  }

  /** The run of {@code e} epochs: the step of its first check at ≥ {@code target}, or -1. */
  long firstTouch(int e, double target) {
    return upTo(e).stream().filter(c -> atLeast(c.correct(), target)).mapToLong(Check::step).findFirst().orElse(-1);
  }

  /** The validation accuracy at the end of epoch {@code e} (1-based). */
  double epochAccuracy(int e) {
    return epochs.get(e - 1).validationAccuracy();
  }

  /** The mean training loss of epoch {@code e} (1-based). */
  double epochTrainLoss(int e) {
    return epochs.get(e - 1).trainLoss();
  }

  /** The best validation accuracy of any check of the run of {@code e} epochs. */
  double maxAccuracy(int e) {
    return upTo(e).stream().mapToLong(Check::correct).max().orElse(0) / (double) validationRows;
  }

  /** True when the run of {@code e} epochs ends at ≥ {@code fraction} validation accuracy. */
  boolean endsAtLeast(int e, double fraction) {
    return atLeast(correct(epochAccuracy(e)), fraction);
  }

  private List<Check> upTo(int e) {
    long last = (long) e * stepsPerEpoch;
    return checks.stream().filter(c -> c.step() <= last).toList();
  }
}
