package io.sparkmlp.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Changing the partition count keeps the global order, with or without a shuffle. */
class OrderedPartitionsTest extends SparkTestBase {
  @Test
  void boundariesBalanceRecordCountsAndGiveEachGroupAPartition() {
    assertArrayEquals(new int[] {0, 2, 4}, OrderedPartitions.boundaries(new long[] {5, 5, 5, 5}, 2));
    // one huge partition first: it forms a group alone, the rest share the second
    assertArrayEquals(new int[] {0, 1, 4}, OrderedPartitions.boundaries(new long[] {100, 1, 1, 1}, 2));
    // all empty: still one parent partition per group while there are enough
    assertArrayEquals(new int[] {0, 1, 2, 3}, OrderedPartitions.boundaries(new long[] {0, 0, 0}, 3));
    // the first group runs until it reaches its share (10/3), taking the 10; the others get one each
    assertArrayEquals(new int[] {0, 3, 4, 5}, OrderedPartitions.boundaries(new long[] {0, 0, 10, 0, 0}, 3));
  }

  @Test
  void mergeAndSpreadKeepOrder() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      values.add(i);
    }
    JavaRDD<Integer> rdd = jsc.parallelize(values, 6);
    long[] counts = rdd.glom().map(l -> (long) l.size()).collect().stream().mapToLong(Long::longValue).toArray();
    for (int n : new int[] {1, 4, 6, 9}) {
      JavaRDD<Integer> out = OrderedPartitions.exactly(rdd, counts, n);
      assertEquals(n, out.getNumPartitions());
      assertEquals(values, out.collect(), "n=" + n);
    }
    List<Integer> sizes = OrderedPartitions.exactly(rdd, counts, 9).glom().map(List::size).collect();
    assertEquals(1000, sizes.stream().mapToInt(Integer::intValue).sum());
    // position k goes to partition k·9/1000: partition 0 holds 0..111, partition 1 holds 112..222
    assertEquals(112, sizes.get(0));
    assertEquals(111, sizes.get(1));
  }
}
