package io.sparkmlp.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every rule shares: argument checks, the step counter, named state arrays, checkpoint
 * snapshot/restore, and the walk over decayed and undecayed index ranges.
 *
 * <p>A rule implements {@link #update} for one contiguous range [from, to) with one decay
 * coefficient (λ inside a {@link DecayRanges} range, 0 outside), so the hot loops neither branch
 * per element nor allocate. {@link #update} must be element-wise (each parameter's new value and
 * state from that parameter alone): a step runs it over consecutive chunks of θ on several
 * threads ({@link ParallelSpans}).
 */
abstract class AbstractOptimizer implements Optimizer {

  private final String name;
  private final int numParams;
  private final DecayRanges decay;
  private final double weightDecay;
  /** Named state arrays, each of length numParams, in a fixed order. */
  private final Map<String, double[]> state = new LinkedHashMap<>();
  private long stepCount;
  /** The most threads the update runs on ({@link ParallelSpans}). */
  private int threads = ParallelSpans.THREADS;

  AbstractOptimizer(String name, double weightDecay, DecayRanges decay) {
    this.name = name;
    this.numParams = decay.numParams();
    this.decay = decay;
    this.weightDecay = weightDecay;
  }

  /** Registers and returns a zeroed state array of length numParams; call from constructors. */
  final double[] newStateArray(String arrayName) {
    double[] a = new double[numParams];
    state.put(arrayName, a);
    return a;
  }

  /**
   * Updates theta[from, to) in place.
   *
   * @param lambda weight-decay coefficient for this range: the configured λ inside a decay
   *     range, 0 outside
   */
  abstract void update(double[] theta, double[] grad, double lr, double lambda, int from, int to);

  /** Called once per step, after the counter is incremented and before any {@link #update}. */
  void beginStep(long t, double lr) {
  }

  @Override
  public final void step(double[] theta, double[] grad, double lr) {
    begin(theta, grad, lr);
    ParallelSpans.run(0, numParams, threads, (a, b) -> updateSpan(theta, grad, lr, a, b));
  }

  /**
   * One step on the rows {@code rows0} (sorted) of W₀, the (d × h) block at the start of θ, and on
   * every parameter after W₀; the other rows of W₀ and their state are not read or written.
   */
  final void stepRows(double[] theta, double[] grad, double lr, int[] rows0, int d, int h) {
    begin(theta, grad, lr);
    for (int r : rows0) {
      updateSpan(theta, grad, lr, r * h, r * h + h); // row r of W₀ (d × h, row-major)
    }
    // b₀ and every later layer
    ParallelSpans.run(d * h, numParams, threads, (a, b) -> updateSpan(theta, grad, lr, a, b));
  }

  /**
   * At most {@code n} threads for this rule's update (1: the caller's alone); the same bits for
   * every n, since the rules are element-wise. For tests that compare them.
   */
  final AbstractOptimizer withThreads(int n) {
    this.threads = n;
    return this;
  }

  /** λ, the coupled or decoupled weight-decay coefficient (0 when off). */
  final double weightDecay() {
    return weightDecay;
  }

  /** The rule on θ[from, to), with weight decay where the decay ranges say. */
  final void updateSpan(double[] theta, double[] grad, double lr, int from, int to) {
    if (weightDecay == 0.0) {
      update(theta, grad, lr, 0.0, from, to);
      return;
    }
    int next = from; // first index not yet updated
    for (int r = 0; r < decay.rangeCount() && next < to; r++) {
      int start = Math.max(decay.start(r), next);
      int end = Math.min(decay.end(r), to);
      if (end <= start) {
        continue;
      }
      if (next < start) {
        update(theta, grad, lr, 0.0, next, start);
      }
      update(theta, grad, lr, weightDecay, start, end);
      next = end;
    }
    if (next < to) {
      update(theta, grad, lr, 0.0, next, to);
    }
  }

  /**
   * The start of every step, whole ({@link #step}) or lazy: the checks (nothing is modified when
   * one fails), the step count, then {@link #beginStep}.
   */
  final void begin(double[] theta, double[] grad, double lr) {
    checkLength("theta", theta);
    checkLength("grad", grad);
    if (!(lr >= 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException(name + ": expected a finite learning rate >= 0, found " + lr);
    }
    stepCount++;
    beginStep(stepCount, lr);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int numParams() {
    return numParams;
  }

  @Override
  public final long stepCount() {
    return stepCount;
  }

  @Override
  public final OptimizerState snapshot() {
    return new OptimizerState(name, stepCount, state);
  }

  @Override
  public final void restore(OptimizerState s) {
    if (!name.equals(s.optimizer())) {
      throw new IllegalArgumentException("restore: expected state of optimizer '" + name
          + "', found '" + s.optimizer() + "'");
    }
    List<String> expected = List.copyOf(state.keySet());
    if (!expected.equals(s.names())) {
      throw new IllegalArgumentException("restore into '" + name + "': expected state arrays "
          + expected + ", found " + s.names());
    }
    for (String arrayName : expected) {
      int length = s.arrayLength(arrayName);
      if (length != numParams) {
        throw new IllegalArgumentException("restore into '" + name + "': array '" + arrayName
            + "' expected of length numParams = " + numParams + ", found " + length);
      }
    }
    for (Map.Entry<String, double[]> e : state.entrySet()) {
      s.copyArrayInto(e.getKey(), e.getValue());
    }
    stepCount = s.stepCount();
  }

  @Override
  public String toString() {
    return name + "(numParams=" + numParams + ", weightDecay=" + weightDecay + ", stepCount="
        + stepCount + ")";
  }

  private void checkLength(String what, double[] a) {
    if (a == null || a.length != numParams) {
      throw new IllegalArgumentException(name + ".step: expected " + what + " of length numParams = "
          + numParams + ", found " + (a == null ? "null" : "length " + a.length));
    }
  }
}
