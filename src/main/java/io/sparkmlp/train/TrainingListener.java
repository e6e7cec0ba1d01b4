package io.sparkmlp.train;

/** Callbacks from the {@link Trainer}, on the driver, in order: start, then steps and epochs. */
public interface TrainingListener {
  /** Before the first step. */
  default void onStart(String description) {}

  /** After each optimizer step. */
  default void onStep(StepInfo step) {}

  /** After each epoch, its validation included. */
  default void onEpoch(EpochRecord epoch) {}

  /** After each mid-epoch validation (with {@code validateEverySteps} &gt; 0), before the next step. */
  default void onValidation(ValidationCheck check) {}

  /**
   * Asked after each epoch's {@link #onEpoch} and each {@link #onValidation}: true ends training
   * there, as if maxEpochs had been reached (e.g. once a target accuracy is met). Stopped in the
   * middle of an epoch, that epoch gets no {@link EpochRecord}.
   */
  default boolean stopRequested() { return false; }

  /**
   * Asked before each step (so after each completed one): true ends training at once, with a
   * checkpoint of the state after the last completed step (when there is a checkpoint directory)
   * and a {@link TrainingInterruptedException} naming it; e.g. on SIGINT or SIGTERM. Unlike
   * {@link #stopRequested}, no result is returned: the run is meant to be resumed.
   */
  default boolean interruptRequested() { return false; }

  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
