package io.sparkmlp.optim;

/**
 * The learning rate η as a pure function of the 0-based step index t: no state, so the same t
 * always gives the same bits, and resuming from a checkpoint needs only t (which is
 * {@link Optimizer#stepCount()} before the step). Create with {@link LrSchedules}.
 */
@FunctionalInterface
public interface LrSchedule {

  /**
   * η for step t.
   *
   * @param step 0-based index of the step about to be taken, ≥ 0
   * @return a finite η ≥ 0
   * @throws IllegalArgumentException if step &lt; 0
   */
  double lr(long step);
}
