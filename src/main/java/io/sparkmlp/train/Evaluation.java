package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The loss, and accuracy or RMSE, of θ over a packed data set or over a subset of its global
 * positions, computed where the data lives (forward passes only, in blocks through the engine).
 * On a weighted set the loss and RMSE are weighted means (Σ w·ℓ / Σ w); accuracy counts rows.
 */
public final class Evaluation {
  /**
   * The sums one evaluation returns; read them through the getters. A class, not a record: it
   * travels as a task result through {@code spark.serializer}, and Spark 4's Kryo (4.x) cannot
   * serialize records.
   */
  public static final class Result implements Serializable {
    private static final long serialVersionUID = 2L;
    private final long rows;
    private final double lossSum;
    private final long correct;
    private final boolean classification;
    private final double weightSum;

    /** Unweighted: every row has weight 1. */
    public Result(long rows, double lossSum, long correct, boolean classification) {
      this(rows, lossSum, correct, classification, rows);
    }

    /** @param lossSum Σ w·ℓ; @param weightSum Σ w over the rows */
    public Result(long rows, double lossSum, long correct, boolean classification, double weightSum) {
      this.rows = rows;
      this.lossSum = lossSum;
      this.correct = correct;
      this.classification = classification;
      this.weightSum = weightSum;
    }

    public long rows() { return rows; }
    /** Σ_b w_b·ℓ_b (w = 1 unweighted). */
    public double lossSum() { return lossSum; }
    public long correct() { return correct; }
    public boolean classification() { return classification; }
    /** Σ_b w_b: the row count when unweighted. */
    public double weightSum() { return weightSum; }
    /** The mean loss L = Σ w·ℓ / Σ w (NaN when Σ w = 0). */
    public double loss() { return weightSum == 0 ? Double.NaN : lossSum / weightSum; }
    /** The fraction of rows predicted right (classification; each row counts once), else NaN. */
    public double accuracy() { return classification && rows > 0 ? (double) correct / rows : Double.NaN; }
    /** √(weighted mean squared error over all outputs) for MSE regression, else NaN. */
    public double rmse() { return classification || weightSum == 0 ? Double.NaN : Math.sqrt(lossSum / weightSum); }

    Result plus(Result o) {
      return new Result(rows + o.rows, lossSum + o.lossSum, correct + o.correct, classification,
          weightSum + o.weightSum);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Result r && rows == r.rows && Double.compare(lossSum, r.lossSum) == 0
          && correct == r.correct && classification == r.classification
          && Double.compare(weightSum, r.weightSum) == 0;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(rows, lossSum, correct, classification, weightSum);
    }

    @Override
    public String toString() {
      return "Result[rows=" + rows + ", lossSum=" + lossSum + ", correct=" + correct
          + ", classification=" + classification + ", weightSum=" + weightSum + "]";
    }
  }

  private Evaluation() {}

  /**
   * Evaluates θ (float64 master copy) on {@code data}; {@code positions} (sorted global
   * positions) restricts it to a subset, null means every row.
   */
  public static <A> Result evaluate(JavaSparkContext jsc, PackedData<A> data, Architecture arch,
      double[] theta, int[] positions, int blockSize) {
    Kernels<A> k = data.kernels();
    Broadcast<A> th = jsc.broadcast(k.fromDoubles(theta));
    Broadcast<int[]> subset = positions == null ? null : jsc.broadcast(positions);
    long[] starts = data.starts();
    boolean classification = arch.loss().isClassification();
    try {
      EvaluatePartition<A> f = new EvaluatePartition<>(arch, k, th, subset, starts, blockSize);
      List<Result> parts = data.withInput(in -> PartitionJob.run(in, f));
      Result total = new Result(0, 0.0, 0, classification);
      for (Result r : parts) {
        total = total.plus(r);
      }
      return total;
    } finally {
      th.destroy();
      if (subset != null) {
        subset.destroy();
      }
    }
  }

  /**
   * A task's function: the sums of its partition's rows (or of those in the subset). A named
   * class, not a lambda, so that Spark's ClosureCleaner parses no bytecode per job.
   */
  private static final class EvaluatePartition<A>
      extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext,
          scala.collection.Iterator<PackedPartition<A>>, Result>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Architecture arch;
    private final Kernels<A> k;
    private final Broadcast<A> theta;
    private final Broadcast<int[]> subset;
    private final long[] starts;
    private final int blockSize;

    EvaluatePartition(Architecture arch, Kernels<A> k, Broadcast<A> theta, Broadcast<int[]> subset, long[] starts,
        int blockSize) {
      this.arch = arch;
      this.k = k;
      this.theta = theta;
      this.subset = subset;
      this.starts = starts;
      this.blockSize = blockSize;
    }

    @Override
    public Result apply(org.apache.spark.TaskContext context, scala.collection.Iterator<PackedPartition<A>> it) {
      PackedPartition<A> p = it.next();
      return evaluatePartition(p, arch, k, theta.value(), subset == null ? null : subset.value(), starts[p.index],
          blockSize);
    }
  }

  private static <A> Result evaluatePartition(PackedPartition<A> p, Architecture arch,
      Kernels<A> k, A theta, int[] subset, long start, int blockSize) {
    int[] rows = subset == null ? allRows(p.rows) : rowsIn(subset, start, p.rows);
    boolean classification = arch.loss().isClassification();
    if (rows.length == 0) {
      return new Result(0, 0.0, 0, classification);
    }
    Network<A> net = new Network<>(arch, k);
    double lossSum = 0.0, weightSum = 0.0;
    long correct = 0;
    try (BlockFeed<A> feed = new BlockFeed<>(net, p, blockSize, rows.length)) {
      for (int c = 0; c < rows.length; c += feed.capacity()) {
        int n = Math.min(feed.capacity(), rows.length - c);
        feed.load(rows, c, n);
        lossSum += feed.lossSum(theta, n);
        weightSum += feed.weightSum(n);
        if (classification) {
          correct += feed.countCorrect(n);
        }
      }
    }
    return new Result(rows.length, lossSum, correct, classification, weightSum);
  }

  private static int[] allRows(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  /** Local row indices of the sorted global positions that fall in [start, start + n). */
  private static int[] rowsIn(int[] sorted, long start, int n) {
    int lo = lowerBound(sorted, start);
    int hi = lowerBound(sorted, start + n);
    int[] r = new int[hi - lo];
    for (int i = lo; i < hi; i++) {
      r[i - lo] = (int) (sorted[i] - start);
    }
    return r;
  }

  private static int lowerBound(int[] sorted, long key) {
    int lo = 0, hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
