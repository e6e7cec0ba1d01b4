package io.sparkmlp.data;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partition;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import scala.Option;
import scala.Tuple2;

/**
 * Changes the number of partitions of an RDD while keeping the global record order: partition 0
 * holds the first records, then partition 1, and so on, each in the original order.
 *
 * <p>Spark's own {@code coalesce} may group non-adjacent partitions (it follows data locality) and
 * {@code repartition} shuffles, so neither keeps the order.
 *
 * <p>The one implementation for the readers ({@link RecordTable}, via {@link #exactly}) and the
 * trainer's packing ({@code io.sparkmlp.train.Packer}, via {@link #byPosition(JavaRDD, int)}).
 * It lives here because {@code data} depends on no other package of ours, so {@code train} may
 * use it without a cycle.
 */
public final class OrderedPartitions {
  private OrderedPartitions() {}

  /**
   * {@code rdd} with exactly {@code n} partitions, same order. Fewer partitions: adjacent
   * partitions are merged, without a shuffle, balancing the record counts. More partitions: each
   * record is keyed by its global position and range-partitioned, which shuffles the data once.
   *
   * @param counts the record count of each partition of {@code rdd}
   * @param n the partition count wanted; {@code n <= 0} returns {@code rdd} unchanged
   */
  static <T> JavaRDD<T> exactly(JavaRDD<T> rdd, long[] counts, int n) {
    int have = rdd.getNumPartitions();
    if (counts.length != have) {
      throw new IllegalArgumentException("expected one record count per partition (" + have + "), found "
          + counts.length);
    }
    if (n <= 0 || n == have) {
      return rdd;
    }
    return n < have ? merge(rdd, counts, n) : byPosition(rdd, counts, n);
  }

  /**
   * {@code rdd} split into {@code n} partitions of consecutive global positions, same order:
   * record i of {@code total} goes to partition {@code ⌊i·n/total⌋}, whether n is smaller or
   * larger than the current count, so the partitions' record counts differ by at most one.
   * Runs one Spark job to count the records of each partition, then shuffles the data once.
   *
   * @param n the partition count wanted, &gt; 0
   */
  public static <T> JavaRDD<T> byPosition(JavaRDD<T> rdd, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("expected a partition count > 0, found " + n);
    }
    return byPosition(rdd, countPerPartition(rdd), n);
  }

  /** The record count of each partition of {@code rdd}, in partition order. */
  private static long[] countPerPartition(JavaRDD<?> rdd) {
    List<Long> counts = rdd.mapPartitions(it -> {
      long c = 0;
      while (it.hasNext()) {
        it.next();
        c++;
      }
      return List.of(c).iterator();
    }, true).collect();
    return counts.stream().mapToLong(Long::longValue).toArray();
  }

  private static <T> JavaRDD<T> merge(JavaRDD<T> rdd, long[] counts, int n) {
    RDD<T> merged = rdd.rdd().coalesce(n, false, Option.apply(new Adjacent(counts)), null);
    return new JavaRDD<>(merged, rdd.classTag());
  }

  /** {@link #byPosition(JavaRDD, int)} with the per-partition record counts already known. */
  private static <T> JavaRDD<T> byPosition(JavaRDD<T> rdd, long[] counts, int n) {
    long[] offsets = new long[counts.length];
    long total = 0;
    for (int p = 0; p < counts.length; p++) {
      offsets[p] = total;
      total += counts[p];
    }
    JavaPairRDD<Long, T> keyed = rdd.mapPartitionsWithIndex((p, it) -> {
      long[] next = {offsets[p]};
      Iterator<Tuple2<Long, T>> out = new Iterator<>() {
        public boolean hasNext() {
          return it.hasNext();
        }

        public Tuple2<Long, T> next() {
          return new Tuple2<>(next[0]++, it.next());
        }
      };
      return out;
    }, true).mapToPair(t -> t);
    return keyed.repartitionAndSortWithinPartitions(new ByPosition(total, n)).values();
  }

  /** Groups adjacent parent partitions into {@code maxPartitions} groups of about equal record counts. */
  static final class Adjacent implements PartitionCoalescer, Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] counts;

    Adjacent(long[] counts) {
      this.counts = counts.clone();
    }

    @Override
    public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
      Partition[] parts = parent.partitions();
      int[] first = boundaries(counts, maxPartitions);
      PartitionGroup[] groups = new PartitionGroup[maxPartitions];
      for (int g = 0; g < maxPartitions; g++) {
        groups[g] = new PartitionGroup(Option.empty());
        for (int p = first[g]; p < first[g + 1]; p++) {
          groups[g].partitions().addOne(parts[p]);
        }
      }
      return groups;
    }
  }

  /**
   * {@code first[g]} is the first parent partition of group g, {@code first[n]} the parent count:
   * group g ends where the running record count first reaches {@code (g+1)·total/n}, and every
   * group gets at least one parent partition while there are enough.
   */
  static int[] boundaries(long[] counts, int n) {
    int have = counts.length;
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    int[] first = new int[n + 1];
    first[n] = have;
    long running = 0;
    int p = 0;
    for (int g = 0; g < n; g++) {
      first[g] = p;
      long target = (long) ((double) total * (g + 1) / n);
      int mustLeave = n - g - 1;
      do {
        running += counts[p];
        p++;
      } while (p < have - mustLeave && running < target);
    }
    return first;
  }

  /** Sends global position i of {@code total} to partition {@code i·n/total}. */
  static final class ByPosition extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final long total;
    private final int n;

    ByPosition(long total, int n) {
      this.total = total;
      this.n = n;
    }

    @Override
    public int numPartitions() {
      return n;
    }

    @Override
    public int getPartition(Object key) {
      return (int) ((Long) key * n / Math.max(1, total));
    }
  }
}
