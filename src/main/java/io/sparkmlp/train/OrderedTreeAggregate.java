package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Sums per-partition {@link StepPartial}s into one, in an order fixed by partition index, so that
 * the same inputs always give the same bits. Spark's treeAggregate, treeReduce and fold merge in
 * task-completion (or shuffle-fetch) order, which makes float sums differ from run to run once
 * three partials meet; this does not.
 *
 * <p>With {@code depth} ≥ 2 and many partitions, intermediate levels ({@link TreeDepth#levels})
 * combine groups of {@link TreeDepth#groupSize} consecutive partitions on the executors (each group sorted by index before
 * summing), as treeAggregate does; the last level is collected (in partition order) and summed
 * on the driver in index order.
 */
final class OrderedTreeAggregate {
  private OrderedTreeAggregate() {}

  /** @param d0 the input width d and {@code h0} the first hidden width: W₀'s shape, for row-sparse sums */
  static <A> StepPartial<A> combine(JavaRDD<StepPartial<A>> partials, int depth, Kernels<A> k,
      int d0, int h0) {
    JavaRDD<StepPartial<A>> level = partials;
    final int s = TreeDepth.groupSize(partials.getNumPartitions(), depth);
    for (int parts : TreeDepth.levels(partials.getNumPartitions(), depth)) {
      level = level.mapToPair(p -> new Tuple2<>(p.index / s, p))
          .partitionBy(new HashPartitioner(parts))
          .mapPartitionsWithIndex((group, it) -> {
            List<StepPartial<A>> items = new ArrayList<>();
            it.forEachRemaining(t -> items.add(t._2()));
            StepPartial<A> sum = sumInOrder(items, k, d0, h0);
            sum.index = group;
            return List.of(sum).iterator();
          }, true);
    }
    return sumInOrder(collect(level.rdd()), k, d0, h0);
  }

  /** The elements of an RDD of one element per partition, in partition order ({@link PartitionJob}). */
  static <T> List<T> collect(org.apache.spark.rdd.RDD<T> rdd) {
    return PartitionJob.onlyElements(rdd);
  }

  /**
   * Σ of the items in ascending index order ({@link StepPartial#add}); reuses the first non-empty
   * gradient as the accumulator.
   */
  static <A> StepPartial<A> sumInOrder(List<StepPartial<A>> items, Kernels<A> k, int d0, int h0) {
    List<StepPartial<A>> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingInt(p -> p.index));
    StepPartial<A> total = new StepPartial<>(sorted.isEmpty() ? 0 : sorted.get(0).index, 0, 0.0, 0.0, 0, null);
    for (StepPartial<A> p : sorted) {
      total.add(k, p, d0, h0);
    }
    return total;
  }
}
