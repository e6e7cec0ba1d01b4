package io.sparkmlp.train;

import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One step's partials: partition p of the packed data → the one {@link StepPartial} that
 * {@link GradientStep} computes from it. The same as {@code packed.mapPartitions(step)}, but as
 * its own RDD class: {@code mapPartitions} hands Spark a Scala lambda, which Spark's
 * ClosureCleaner then checks by reading and parsing the bytecode of the class that declared it,
 * on the driver, in every step (measured with JFR: a large share of the driver's time per step).
 * A named class is not a closure, so nothing is parsed. Narrow (one-to-one) on what
 * {@link PackedData#stepInput} gives (the cached blocks, or the packed RDD itself), so the scheduler
 * still places each task where its cached partition lives.
 */
final class StepRdd<A> extends RDD<StepPartial<A>> {
  private static final long serialVersionUID = 1L;
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final ClassTag<PackedPartition> PACKED = ClassTag$.MODULE$.apply(PackedPartition.class);

  private final GradientStep<A> step;

  @SuppressWarnings("unchecked")
  StepRdd(RDD<PackedPartition<A>> packed, GradientStep<A> step) {
    super(packed, (ClassTag<StepPartial<A>>) (ClassTag<?>) ClassTag$.MODULE$.apply(StepPartial.class));
    this.step = step;
  }

  @Override
  @SuppressWarnings("unchecked")
  public scala.collection.Iterator<StepPartial<A>> compute(Partition split, TaskContext context) {
    scala.collection.Iterator<PackedPartition<A>> in =
        (scala.collection.Iterator<PackedPartition<A>>) (Object) firstParent(PACKED).iterator(split, context);
    return scala.jdk.javaapi.CollectionConverters.asScala(
        step.call(scala.jdk.javaapi.CollectionConverters.asJava(in)));
  }

  @Override
  public Partition[] getPartitions() {
    return firstParent(PACKED).partitions();
  }
}
