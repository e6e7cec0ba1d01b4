package io.sparkmlp.train;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training rows: a seeded permutation of their global
 * positions, cut into consecutive batches of B (the last may be shorter). Without replacement:
 * every row exactly once per epoch. A pure function of (seed, epoch), so the batches, and with
 * them the model, do not depend on how the same ordered data is partitioned.
 */
public final class BatchPlan {
  private final int[] positions;
  private final long seed;
  private final int batchSize;

  /**
   * @param positions the global positions of the training rows (copied)
   * @param batchSize B ≥ 1
   */
  public BatchPlan(int[] positions, long seed, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.positions = positions.clone();
    this.seed = seed;
    this.batchSize = batchSize;
  }

  public int numRows() { return positions.length; }
  public int batchSize() { return batchSize; }

  /** ⌈N / B⌉. */
  public int batchesPerEpoch() {
    return (positions.length + batchSize - 1) / batchSize;
  }

  /** A new array: the positions in the order epoch {@code epoch} (0-based) visits them. */
  public int[] epochOrder(int epoch) {
    int[] order = positions.clone();
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Start (inclusive) of batch s within an epoch order. */
  public int batchStart(int s) {
    return s * batchSize;
  }

  /** End (exclusive) of batch s within an epoch order. */
  public int batchEnd(int s) {
    return Math.min(positions.length, (s + 1) * batchSize);
  }

  /**
   * The rows of a partition that holds global positions [start, start + rows) which appear in
   * {@code order[from, to)}, as row indices within the partition, in batch order.
   */
  static int[] rowsOf(int[] order, int from, int to, long start, int rows) {
    int n = 0;
    for (int i = from; i < to; i++) {
      long r = order[i] - start;
      if (r >= 0 && r < rows) {
        n++;
      }
    }
    int[] local = new int[n];
    n = 0;
    for (int i = from; i < to; i++) {
      long r = order[i] - start;
      if (r >= 0 && r < rows) {
        local[n++] = (int) r;
      }
    }
    return local;
  }
}
