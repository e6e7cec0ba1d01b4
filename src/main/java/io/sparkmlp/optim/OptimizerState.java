package io.sparkmlp.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an optimizer's mutable state, for checkpoints: the rule's name, the number of
 * steps taken, and its named flat arrays, each of length numParams.
 *
 * <p>Arrays per rule: sgd has none; momentum and nesterov have {@code "velocity"}; adam and
 * adamw have {@code "m"} (first moment) and {@code "v"} (second moment). Hyperparameters and
 * decay ranges are not part of the state; save them alongside (see
 * {@link OptimizerConfig#toMap()}, {@link DecayRanges#toPairs()}).
 *
 * <p>Immutable: the constructor copies the arrays in, {@link #array(String)} copies them out, so
 * a snapshot never aliases a live optimizer.
 */
public final class OptimizerState {

  private final String optimizer;
  private final long stepCount;
  private final Map<String, double[]> arrays;

  /**
   * @param optimizer name of the rule, as accepted by {@link Optimizers#create}
   * @param stepCount steps taken so far, ≥ 0
   * @param arrays named state arrays; copied, iteration order kept
   */
  public OptimizerState(String optimizer, long stepCount, Map<String, double[]> arrays) {
    if (optimizer == null) {
      throw new IllegalArgumentException("optimizer state: expected an optimizer name, found null");
    }
    if (stepCount < 0) {
      throw new IllegalArgumentException("optimizer state: expected stepCount >= 0, found " + stepCount);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      if (e.getValue() == null) {
        throw new IllegalArgumentException("optimizer state: array '" + e.getKey() + "' is null");
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    this.optimizer = optimizer;
    this.stepCount = stepCount;
    this.arrays = Collections.unmodifiableMap(copy);
  }

  /** Name of the rule that produced this state, e.g. {@code "adamw"}. */
  public String optimizer() {
    return optimizer;
  }

  /** Number of {@link Optimizer#step} calls made before the snapshot. */
  public long stepCount() {
    return stepCount;
  }

  /** Names of the state arrays, in a fixed order per rule (empty for sgd). */
  public List<String> names() {
    return List.copyOf(arrays.keySet());
  }

  /**
   * A copy of the named array.
   *
   * @throws IllegalArgumentException if there is no such array; the message lists the names
   */
  public double[] array(String name) {
    double[] a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("optimizer state of '" + optimizer + "': no array '"
          + name + "'; it has " + arrays.keySet());
    }
    return a.clone();
  }

  /** Length of the named array, or -1 if there is none. */
  int arrayLength(String name) {
    double[] a = arrays.get(name);
    return a == null ? -1 : a.length;
  }

  /** Copies the named array into {@code dst} without allocating; lengths must match. */
  void copyArrayInto(String name, double[] dst) {
    double[] a = arrays.get(name);
    if (a == null || a.length != dst.length) {
      throw new IllegalArgumentException("optimizer state of '" + optimizer + "': array '"
          + name + "' expected of length " + dst.length + ", found "
          + (a == null ? "no such array (it has " + arrays.keySet() + ")" : "length " + a.length));
    }
    System.arraycopy(a, 0, dst, 0, a.length);
  }

  @Override
  public String toString() {
    return "OptimizerState(" + optimizer + ", stepCount=" + stepCount + ", arrays=" + arrays.keySet() + ")";
  }
}
