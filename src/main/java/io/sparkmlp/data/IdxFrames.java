package io.sparkmlp.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Turns an {@link IdxDataset} held by the driver into the {@code (label, features)} frame.
 *
 * <p>The raw bytes (one byte per pixel, 47 MB for MNIST's 60k training images) are broadcast once;
 * partition p is the contiguous index range {@code [p·N/n, (p+1)·N/n)} and builds its rows
 * from the broadcast, so no task carries data in its closure and row order is file order.
 * Features are dense, {@code pixel/255} in [0, 1]; labels are the label bytes as doubles.
 * The broadcast lives as long as the frame's lineage (Spark's ContextCleaner frees it after).
 */
public final class IdxFrames {
  private IdxFrames() {}

  /**
   * @param numPartitions the partition count; {@code <= 0} means {@code spark.sparkContext().defaultParallelism()}
   */
  public static Dataset<Row> toFrame(SparkSession spark, IdxDataset data, int numPartitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int n = numPartitions > 0 ? numPartitions : jsc.defaultParallelism();
    Broadcast<IdxDataset> shared = jsc.broadcast(data);
    int size = data.size();
    List<Integer> parts = new ArrayList<>(n);
    for (int p = 0; p < n; p++) {
      parts.add(p);
    }
    JavaRDD<Row> rows = jsc.parallelize(parts, n).mapPartitionsWithIndex(
        (p, ignored) -> range(shared.value(), start(p, n, size), start(p + 1, n, size)), true);
    return spark.createDataFrame(rows, LabeledFrames.schema(data.numFeatures()));
  }

  /** First index of partition p of n over {@code size} items. */
  static int start(int p, int n, int size) {
    return (int) ((long) p * size / n);
  }

  private static Iterator<Row> range(IdxDataset data, int from, int to) {
    return new Iterator<>() {
      private int i = from;

      @Override
      public boolean hasNext() {
        return i < to;
      }

      @Override
      public Row next() {
        if (i >= to) {
          throw new NoSuchElementException();
        }
        Row r = LabeledFrames.row(data.label(i), Vectors.dense(data.features(i)));
        i++;
        return r;
      }
    };
  }
}
