package io.sparkmlp.train;

import org.apache.spark.Partition;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManagerId;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.RDDBlockId;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The cached partitions of an RDD, read by their block ids, as an RDD with no lineage: what the
 * training steps' jobs read while every block is cached. A step over the cached RDD itself ships
 * that RDD's whole lineage (for MNIST from IDX files, 27.8 KB of Java serialization: the packing,
 * the DataFrame's plan and the reader) in every job's task binary, which the driver serializes and
 * every task deserializes, and makes the scheduler walk that lineage; measured in local[2] on
 * MNIST's packed data, a job whose tasks return a gradient-sized array took a median 11.76 ms
 * over the cached RDD and 9.02 ms over its blocks.
 *
 * <p>Nothing is lost for it:
 * <ul>
 *   <li><b>Locality.</b> Each task prefers the executors that hold its block, as the scheduler
 *       places a task of the cached RDD: {@link #refreshLocations} asks the block manager master
 *       once per job (one message, as the scheduler's own cache lookup sends), before the job.
 *   <li><b>Recovery.</b> When a block is gone (a lost executor, an evicted block),
 *       {@link #refreshLocations} says so and the job runs over the cached RDD, whose lineage
 *       recomputes it, shuffle outputs included, as before. A block lost while a job runs fails
 *       that job's task with {@link MissingBlockException}, and the caller runs the job again over
 *       the cached RDD ({@link GradientStep}). A task here never recomputes a block itself: a
 *       lineage with a shuffle needs the scheduler to regenerate lost shuffle outputs, which it
 *       can only do for a job whose stages include that shuffle.
 * </ul>
 * The data of a partition is the same object, or the same bytes, either way, so the training
 * bits do not depend on which path a job took.
 *
 * @param <T> the cached RDD's element type
 */
public final class CachedBlocks<T> extends RDD<T> {
  private static final long serialVersionUID = 1L;

  private final int cachedId;
  private final int partitions;
  /** Per partition, the task locations of its block ("executor_host_id"); driver only. */
  private transient volatile String[][] locations;

  /** A view of {@code cached}, which must be persisted: its blocks are what is read. */
  @SuppressWarnings("unchecked")
  CachedBlocks(RDD<T> cached) {
    super(cached.context(), noDependencies(), (ClassTag<T>) ClassTag$.MODULE$.apply(Object.class));
    if (!cached.getStorageLevel().isValid()) {
      throw new IllegalArgumentException("CachedBlocks: RDD " + cached.id() + " is not persisted");
    }
    this.cachedId = cached.id();
    this.partitions = cached.getNumPartitions();
    setName("cached blocks of RDD " + cachedId);
  }

  /** The id of the RDD whose blocks these are. */
  int cachedId() {
    return cachedId;
  }

  /**
   * Looks up where each block lives now, for the next job's task placement: one request to the
   * block manager master. Call on the driver before each job. False when some block is cached
   * nowhere: then run the job over the cached RDD instead, which recomputes it.
   */
  boolean refreshLocations() {
    BlockId[] ids = new BlockId[partitions];
    for (int p = 0; p < partitions; p++) {
      ids[p] = new RDDBlockId(cachedId, p);
    }
    scala.collection.immutable.IndexedSeq<scala.collection.immutable.Seq<BlockManagerId>> where =
        SparkEnv.get().blockManager().master().getLocations(ids);
    String[][] out = new String[partitions][];
    boolean all = true;
    for (int p = 0; p < partitions; p++) {
      scala.collection.immutable.Seq<BlockManagerId> at = where.apply(p);
      out[p] = new String[at.size()];
      all &= out[p].length > 0;
      for (int i = 0; i < out[p].length; i++) {
        BlockManagerId b = at.apply(i);
        // the scheduler's executor-level location, as for a cached RDD's own tasks
        out[p][i] = "executor_" + b.host() + "_" + b.executorId();
      }
    }
    locations = out;
    return all;
  }

  @Override
  public scala.collection.Iterator<T> compute(Partition split, TaskContext context) {
    RDDBlockId id = new RDDBlockId(cachedId, split.index());
    @SuppressWarnings("unchecked")
    scala.Option<BlockResult> cached = SparkEnv.get().blockManager().get(id,
        (ClassTag<T>) ClassTag$.MODULE$.apply(Object.class));
    if (cached.isEmpty()) {
      throw new MissingBlockException(id.name());
    }
    @SuppressWarnings("unchecked")
    scala.collection.Iterator<T> it = (scala.collection.Iterator<T>) cached.get().data();
    return it;
  }

  @Override
  public Partition[] getPartitions() {
    Partition[] out = new Partition[partitions];
    for (int p = 0; p < partitions; p++) {
      out[p] = new Index(p);
    }
    return out;
  }

  @Override
  public scala.collection.immutable.Seq<String> getPreferredLocations(Partition split) {
    String[][] at = locations;
    String[] here = at == null ? new String[0] : at[split.index()];
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(here)).toList();
  }

  /** True when {@code e}, or an exception it was caused by, is a task's {@link MissingBlockException}. */
  static boolean isMissingBlock(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MissingBlockException
          || (t.getMessage() != null && t.getMessage().contains(MissingBlockException.class.getName()))) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static scala.collection.immutable.Seq<org.apache.spark.Dependency<?>> noDependencies() {
    Object none = scala.collection.immutable.Nil$.MODULE$;
    return (scala.collection.immutable.Seq<org.apache.spark.Dependency<?>>) none;
  }

  /** A task found its block cached nowhere: the job is run again over the cached RDD. */
  static final class MissingBlockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingBlockException(String block) {
      super("block " + block + " of the cached training data is gone (a lost executor or an evicted block);"
          + " the step runs again over the data's lineage, which recomputes it");
    }
  }

  /** Partition p of the view: the block {@code rdd_<cachedId>_<p>}. */
  private record Index(int index) implements Partition {}
}
