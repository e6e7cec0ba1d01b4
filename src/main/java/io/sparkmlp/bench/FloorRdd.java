package io.sparkmlp.bench;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.PackedPartition;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A training step with the engine taken out, for the matched floor ({@link MatchedFloor}): one
 * element per partition of the cached packed data, like {@code train.StepRdd}, and, like it, its
 * own RDD class rather than a {@code mapPartitions} lambda, so that Spark's ClosureCleaner does
 * not parse bytecode on the driver. Each task reads its cached partition, reads θ from the
 * broadcast (as a step's task does before its engine work), and returns a zero array of
 * {@code resultLength} values in the engine's precision: the gradient's length for a step's
 * result bytes, or 1 for none.
 *
 * @param <A> double[] or float[]
 */
final class FloorRdd<A> extends RDD<Object> {
  private static final long serialVersionUID = 1L;
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final ClassTag<PackedPartition> PACKED = ClassTag$.MODULE$.apply(PackedPartition.class);

  private final Kernels<A> k;
  private final Broadcast<A> theta;
  private final int resultLength;

  FloorRdd(RDD<PackedPartition<A>> packed, Kernels<A> k, Broadcast<A> theta, int resultLength) {
    super(packed, ClassTag$.MODULE$.apply(Object.class));
    this.k = k;
    this.theta = theta;
    this.resultLength = resultLength;
  }

  @Override
  public scala.collection.Iterator<Object> compute(Partition split, TaskContext context) {
    scala.collection.Iterator<?> in = firstParent(PACKED).iterator(split, context);
    PackedPartition<?> p = (PackedPartition<?>) in.next();
    int thetaLength = k.length(theta.value());
    if (p.rows < 0 || thetaLength == 0) {
      throw new IllegalStateException("partition " + p.index + ": " + p.rows + " rows, θ of " + thetaLength);
    }
    Object result = k.alloc(resultLength);
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(result).iterator());
  }

  @Override
  public Partition[] getPartitions() {
    return firstParent(PACKED).partitions();
  }
}
