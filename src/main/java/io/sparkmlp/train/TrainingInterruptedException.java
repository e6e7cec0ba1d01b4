package io.sparkmlp.train;

/**
 * Training stopped because {@link TrainingListener#interruptRequested} said so (e.g. on SIGTERM).
 * The step in flight was finished; the state after it is in {@link #checkpoint()}, unless there
 * is no checkpoint directory.
 */
public final class TrainingInterruptedException extends RuntimeException {
  private final long globalStep;
  private final int epoch;
  private final int stepInEpoch;
  private final int stepsPerEpoch;
  private final String checkpoint;

  TrainingInterruptedException(long globalStep, int epoch, int stepInEpoch, int stepsPerEpoch, String checkpoint) {
    super("training interrupted after global step " + globalStep + " (epoch " + (epoch + 1) + ", step "
        + stepInEpoch + " of " + stepsPerEpoch + "); " + (checkpoint == null ? "no checkpoint (checkpointing is off)"
        : "checkpoint " + checkpoint));
    this.globalStep = globalStep;
    this.epoch = epoch;
    this.stepInEpoch = stepInEpoch;
    this.stepsPerEpoch = stepsPerEpoch;
    this.checkpoint = checkpoint;
  }

  /** Steps completed over the whole run. */
  public long globalStep() { return globalStep; }
  /** The current epoch, 1-based. */
  public int epoch() { return epoch + 1; }
  /** Steps completed in the current epoch. */
  public int stepInEpoch() { return stepInEpoch; }
  public int stepsPerEpoch() { return stepsPerEpoch; }
  /** The checkpoint holding the state after {@link #globalStep()}, or null when checkpointing is off. */
  public String checkpoint() { return checkpoint; }
}
