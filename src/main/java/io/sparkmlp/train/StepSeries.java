package io.sparkmlp.train;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of values per training step (e.g. ‖∂L/∂W_l‖ of each layer), held in O(capacity)
 * memory whatever the step count. Every step is kept until {@code capacity} rows are held; then
 * the rows whose step is not a multiple of 2·stride are dropped (half of them), the stride
 * doubles, and from then on only steps that are multiples of the stride are recorded. With steps
 * added in order from 1, the rows held are always the steps stride, 2·stride, 3·stride, … up to
 * the last multiple reached: evenly spaced, each with its step number, at most {@code capacity}
 * of them (and at least capacity/2 once the first halving happened). Driver-side only.
 */
public final class StepSeries {
  /** The capacity the Trainer uses for its per-step gradient norms. */
  public static final int DEFAULT_CAPACITY = 2000;

  private final int capacity;
  private final long[] steps;
  private final double[][] rows;
  private int size;
  private long stride = 1;

  /** @param capacity the most rows held, even and &gt;= 2 */
  public StepSeries(int capacity) {
    if (capacity < 2 || capacity % 2 != 0) {
      throw new IllegalArgumentException("capacity must be even and >= 2, got " + capacity);
    }
    this.capacity = capacity;
    this.steps = new long[capacity];
    this.rows = new double[capacity][];
  }

  /**
   * Records {@code row} (kept by reference) as step {@code step} (1-based, greater than the last
   * one added) if the step is a multiple of the current stride; halves the rows first when full.
   */
  public void add(long step, double[] row) {
    if (size > 0 && step <= steps[size - 1]) {
      throw new IllegalArgumentException("step " + step + " after step " + steps[size - 1] + ": steps must increase");
    }
    if (step % stride != 0) {
      return;
    }
    if (size == capacity) {
      halve();
      if (step % stride != 0) {
        return;
      }
    }
    steps[size] = step;
    rows[size] = row;
    size++;
  }

  /** Keeps the rows whose step is a multiple of 2·stride, in order; doubles the stride. */
  private void halve() {
    stride *= 2;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (steps[i] % stride == 0) {
        steps[kept] = steps[i];
        rows[kept] = rows[i];
        kept++;
      }
    }
    for (int i = kept; i < size; i++) {
      rows[i] = null;
    }
    size = kept;
  }

  public int size() { return size; }
  public int capacity() { return capacity; }
  /** Steps between two rows held (1 until the first halving). */
  public long stride() { return stride; }

  /** The step numbers of the rows held, in order. */
  public long[] steps() {
    return java.util.Arrays.copyOf(steps, size);
  }

  /** The rows held, in order (the arrays themselves, not copies). */
  public List<double[]> rows() {
    List<double[]> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(rows[i]);
    }
    return out;
  }

  /**
   * Puts back rows saved with their steps and stride (a checkpoint's); they must fit the
   * capacity and be multiples of the stride, in order.
   */
  void restore(long[] savedSteps, List<double[]> savedRows, long savedStride) {
    if (savedSteps.length != savedRows.size() || savedSteps.length > capacity || savedStride < 1) {
      throw new IllegalArgumentException("a step series of " + savedSteps.length + " steps, " + savedRows.size()
          + " rows and stride " + savedStride + " does not fit a capacity of " + capacity);
    }
    size = 0;
    stride = savedStride;
    for (int i = 0; i < savedSteps.length; i++) {
      if (savedSteps[i] % savedStride != 0 || i > 0 && savedSteps[i] <= savedSteps[i - 1]) {
        throw new IllegalArgumentException("step " + savedSteps[i] + " at row " + i + " is not a multiple of the"
            + " stride " + savedStride + " after the step before it");
      }
      steps[i] = savedSteps[i];
      rows[i] = savedRows.get(i);
      size++;
    }
  }
}
