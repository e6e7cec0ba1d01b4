package io.sparkmlp.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;

/**
 * One Spark job over every partition of an RDD, each task's result kept in partition order, run
 * through named function classes: unlike {@code collect()} or a lambda, it does not make Spark's
 * ClosureCleaner parse the bytecode of {@code RDD} on the driver for every job (see {@link StepRdd}).
 */
public final class PartitionJob {
  private PartitionJob() {}

  /** The results of {@code perPartition} (a named, serializable class) on each partition, in partition order. */
  @SuppressWarnings("unchecked")
  public static <T, U> List<U> run(RDD<T> rdd,
      scala.runtime.AbstractFunction2<TaskContext, scala.collection.Iterator<T>, U> perPartition) {
    int n = rdd.getNumPartitions();
    Object[] out = new Object[n];
    List<Object> all = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      all.add(p);
    }
    scala.collection.immutable.Seq<Object> partitions = scala.jdk.javaapi.CollectionConverters.asScala(all).toList();
    rdd.context().runJob(rdd, perPartition, partitions, new Store<U>(out),
        (scala.reflect.ClassTag<U>) scala.reflect.ClassTag$.MODULE$.apply(Object.class));
    List<U> result = new ArrayList<>(n);
    for (Object o : out) {
      result.add((U) o);
    }
    return result;
  }

  /** The elements of an RDD of one element per partition, in partition order: a named-class {@code collect()}. */
  public static <T> List<T> onlyElements(RDD<T> rdd) {
    return run(rdd, new OnlyElement<T>());
  }

  /** A task's function: the one element of its partition. */
  private static final class OnlyElement<T>
      extends scala.runtime.AbstractFunction2<TaskContext, scala.collection.Iterator<T>, T>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public T apply(TaskContext context, scala.collection.Iterator<T> it) {
      T only = it.next();
      if (it.hasNext()) {
        throw new IllegalStateException("partition " + context.partitionId() + " has more than one element");
      }
      return only;
    }
  }

  /** The driver's result handler: partition p's result into out[p]. */
  private static final class Store<U> extends scala.runtime.AbstractFunction2<Object, U, scala.runtime.BoxedUnit> {
    private final Object[] out;

    Store(Object[] out) {
      this.out = out;
    }

    @Override
    public scala.runtime.BoxedUnit apply(Object partition, U value) {
      out[(Integer) partition] = value;
      return scala.runtime.BoxedUnit.UNIT;
    }
  }
}
