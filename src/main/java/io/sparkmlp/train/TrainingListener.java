package io.sparkmlp.train;

/** Callbacks from the {@link Trainer}, on the driver, in order: start, then steps and epochs. */
public interface TrainingListener {
  /** Before the first step. */
  default void onStart(String description) {}

  /** After each optimizer step. */
  default void onStep(StepInfo step) {}

  /** After each epoch, its validation included. */
  default void onEpoch(EpochRecord epoch) {}

  /** Does nothing. */
  TrainingListener NONE = new TrainingListener() {};
}
