package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of one training step, for one partition: the rows of the global batch
 * {@code order[from, to)} that live in this partition are run through the engine, in blocks
 * of at most {@code blockSize} rows, and their sums come back as one {@link StepPartial}:
 * Σ w_b·ℓ_b, Σ w_b and Σ_b w_b·∂ℓ_b/∂θ (scale 1, w_b = 1 without sample weights: the driver
 * divides once, by B or by Σ w_b).
 *
 * <p>A pure function of the broadcast θ, the batch and the cached data, so Spark may rerun it
 * (task retry, lost executor) and get the same bits.
 */
final class GradientStep<A> implements FlatMapFunction<Iterator<PackedPartition<A>>, StepPartial<A>> {
  private static final long serialVersionUID = 1L;

  private final Architecture arch;
  private final Kernels<A> k;
  private final ThetaRef<A> theta;
  private final Broadcast<int[]> order;
  private final int from;
  private final int to;
  private final long[] starts;
  private final int blockSize;
  /** Ship a CSR partition's first-layer gradient row-sparse when that is smaller. */
  private final boolean rowSparse;

  GradientStep(Architecture arch, Kernels<A> k, ThetaRef<A> theta, Broadcast<int[]> order,
      int from, int to, long[] starts, int blockSize, boolean rowSparse) {
    this.rowSparse = rowSparse;
    this.arch = arch;
    this.k = k;
    this.theta = theta;
    this.order = order;
    this.from = from;
    this.to = to;
    this.starts = starts;
    this.blockSize = blockSize;
  }

  /**
   * One step's job: the sums of Σ ℓ_b and Σ_b ∂ℓ_b/∂θ over the rows {@code order[from, to)} of
   * {@code data}, combined in partition order. θ is read from the broadcast.
   */
  static <A> StepPartial<A> batchSums(PackedData<A> data, Architecture arch, Broadcast<A> theta,
      Broadcast<int[]> order, int from, int to, int blockSize, int depth) {
    return batchSums(data, arch, ThetaRef.full(theta), order, from, to, blockSize, depth, true);
  }

  /** As above, with θ of one version of a {@link ThetaChannel}. */
  static <A> StepPartial<A> batchSums(PackedData<A> data, Architecture arch, ThetaRef<A> theta,
      Broadcast<int[]> order, int from, int to, int blockSize, int depth) {
    return batchSums(data, arch, theta, order, from, to, blockSize, depth, true);
  }

  /**
   * As above; {@code rowSparse} false ships every partition's gradient dense (the same bits,
   * more bytes), for the tests that compare the two.
   */
  static <A> StepPartial<A> batchSums(PackedData<A> data, Architecture arch, ThetaRef<A> theta,
      Broadcast<int[]> order, int from, int to, int blockSize, int depth, boolean rowSparse) {
    Kernels<A> k = data.kernels();
    GradientStep<A> f = new GradientStep<>(arch, k, theta, order, from, to, data.starts(), blockSize,
        rowSparse);
    return data.withInput(in -> OrderedTreeAggregate.combine(new StepRdd<>(in, f).toJavaRDD(), depth, k,
        arch.inputSize(), arch.size(1)));
  }

  @Override
  public Iterator<StepPartial<A>> call(Iterator<PackedPartition<A>> it) {
    PackedPartition<A> p = it.next();
    int[] local = BatchPlan.rowsOf(order.value(), from, to, starts[p.index], p.rows);
    if (local.length == 0) {
      return List.of(new StepPartial<A>(p.index, 0, 0.0, 0.0, 0, null)).iterator();
    }
    Network<A> net = new Network<>(arch, k);
    A th = ThetaCache.resolve(theta, k);
    boolean compress = rowSparse && p.isSparse();
    // this task's own accumulator, Σ_b ∂ℓ_b/∂θ; zero, and pooled when it will not be shipped
    A grad = compress ? GradientBuffers.borrow(k, arch.numParams()) : k.alloc(arch.numParams());
    double lossSum = 0.0, weightSum = 0.0;
    long correct = 0;
    long t0 = System.nanoTime();
    try (BlockFeed<A> feed = new BlockFeed<>(net, p, blockSize, to - from)) {
      for (int c = 0; c < local.length; c += feed.capacity()) {
        int n = Math.min(feed.capacity(), local.length - c);
        feed.load(local, c, n);
        lossSum += feed.lossSumAndGradient(th, n, grad);
        weightSum += feed.weightSum(n);
        if (p.labels != null) {
          correct += feed.countCorrect(n);
        }
      }
    }
    StepPartial<A> partial = new StepPartial<>(p.index, local.length, weightSum, lossSum, correct, grad);
    if (compress) {
      int[] touched = touchedRows(p, local);
      if (partial.compressRows(k, touched, arch.inputSize(), arch.size(1))) {
        GradientBuffers.giveBack(k, grad, touched, arch.inputSize(), arch.size(1));
      }
    }
    long t1 = System.nanoTime();
    partial.computeNanos = t1 - t0;
    partial.computeEndNanos = t1;
    return List.of(partial).iterator();
  }

  /** The distinct columns (rows of W₀) of the CSR partition's rows {@code local}, ascending. */
  private static int[] touchedRows(PackedPartition<?> p, int[] local) {
    java.util.BitSet seen = new java.util.BitSet(p.cols);
    for (int r : local) {
      for (int i = p.rowPtr[r]; i < p.rowPtr[r + 1]; i++) {
        seen.set(p.colIdx[i]);
      }
    }
    return seen.stream().toArray();
  }
}
