package io.sparkmlp.optim;

/**
 * An update rule for one flat parameter array, with its state (driver-side only).
 *
 * <p>Order of use, once per step t = 0, 1, 2, …:
 * <ol>
 *   <li>{@code double lr = schedule.lr(t)} ({@link LrSchedule});</li>
 *   <li>{@code double norm = GradientClipping.clipGlobalNorm(grad, maxNorm)} (optional; a
 *       non-finite norm means divergence, and the caller should stop before stepping);</li>
 *   <li>{@code optimizer.step(theta, grad, lr)}.</li>
 * </ol>
 *
 * <p>State (velocity, moments) is allocated at construction for a fixed parameter count,
 * initialised to zero, and lives only on the driver. Create instances with
 * {@link Optimizers#create}. Not thread-safe.
 */
public interface Optimizer {

  /**
   * Applies one update, θ ← θ − η·(rule's direction), and increments {@link #stepCount()}.
   *
   * @param theta parameters, length {@link #numParams()}; updated in place
   * @param grad ∂L/∂θ already divided by the batch size, same length and layout as theta; read
   *     only, never modified (coupled weight decay is added on the fly)
   * @param lr learning rate η for this step, finite and ≥ 0
   * @throws IllegalArgumentException if a length differs from numParams (the message gives
   *     both sizes) or lr is negative or not finite; nothing is modified then. Non-finite
   *     values inside grad are not checked here: they propagate into theta and the state.
   */
  void step(double[] theta, double[] grad, double lr);

  /**
   * {@link #step} for a batch whose first-layer input was sparse: {@code rows0} are the rows
   * (sorted) of W₀, the (d × h) block at the start of θ, that the batch touched, or null when
   * every row may have been. A lazy rule ({@link Optimizers#LAZY_ADAM}) updates only those rows
   * of W₀ and every parameter after W₀ (so do {@link Optimizers#LAZY_MOMENTUM}, and
   * {@link Optimizers#SGD} without weight decay, where that is the exact rule); every other rule
   * ignores {@code rows0} and updates all.
   */
  default void step(double[] theta, double[] grad, double lr, int[] rows0, int d, int h) {
    step(theta, grad, lr);
  }

  /**
   * True when {@link #step(double[], double[], double, int[], int, int)} with touched rows leaves
   * every other row of W₀ unchanged, bit for bit: the caller then needs to send only those rows
   * (and everything after W₀) to whoever holds a copy of θ.
   */
  default boolean updatesOnlyTouchedRows() {
    return false;
  }

  /** Name of the rule, one of {@link Optimizers#NAMES}. */
  String name();

  /** Length of the parameter array this optimizer was created for. */
  int numParams();

  /** Number of completed {@link #step} calls (restored by {@link #restore}). */
  long stepCount();

  /** A copy of the current state, for a checkpoint. */
  OptimizerState snapshot();

  /**
   * Replaces this optimizer's state (step counter and arrays) with a copy of {@code state}.
   * After it, steps continue bit-identically to the run the snapshot came from, given the same
   * configuration and decay ranges.
   *
   * @throws IllegalArgumentException if the state belongs to another rule, or its array names
   *     or lengths differ from this optimizer's; this optimizer is unchanged then
   */
  void restore(OptimizerState state);
}
