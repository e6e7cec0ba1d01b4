package io.sparkmlp.train;

import java.io.Serializable;

/**
 * One partition's sums over its share of a batch: Σ ℓ_b, the row count, the correct
 * predictions (classification) and Σ_b ∂ℓ_b/∂θ in the engine's precision. Sums only: the driver
 * divides once by the batch size. {@code grad} is null when the partition had no rows in the
 * batch, so that it sends nothing gradient-sized.
 */
public final class StepPartial<A> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The partition (or, after a tree level, the group) this sum came from: the combine order. */
  int index;
  int rows;
  double lossSum;
  long correct;
  A grad;
  /** Engine time of the slowest partition that contributed, in nanoseconds. */
  long computeNanos;
  /**
   * {@link System#nanoTime()} on the executor when the last contributing partition finished its
   * engine work, or 0 when none had rows. Comparable with the driver's clock only on one host.
   */
  long computeEndNanos;

  StepPartial(int index, int rows, double lossSum, long correct, A grad) {
    this.index = index;
    this.rows = rows;
    this.lossSum = lossSum;
    this.correct = correct;
    this.grad = grad;
  }

  public int rows() { return rows; }
  public double lossSum() { return lossSum; }
  public long correct() { return correct; }
  /** Σ_b ∂ℓ_b/∂θ, or null when no rows contributed. */
  public A gradSum() { return grad; }
}
