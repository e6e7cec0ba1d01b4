package io.sparkmlp.train;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/** Small seeded data sets as DataFrames, with the partition sizes a test asks for. */
final class TestFrames {
  static final StructType SCHEMA = new StructType()
      .add("features", new VectorUDT())
      .add("label", DataTypes.DoubleType);

  private TestFrames() {}

  /** n rows of d Gaussian features; class = a seeded nonlinear rule over k classes. */
  static List<Row> classification(int n, int d, int k, long seed) {
    Random rng = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      double s = 0;
      for (int j = 0; j < d; j++) {
        x[j] = rng.nextGaussian();
        s += Math.sin(1.3 * (j + 1) * x[j]);
      }
      int label = Math.floorMod((int) Math.floor(2 * s), k);
      rows.add(RowFactory.create(Vectors.dense(x), (double) label));
    }
    return rows;
  }

  /** The rows in their order, split into consecutive partitions of exactly the given sizes. */
  static Dataset<Row> partitioned(List<Row> rows, int... sizes) {
    return partitioned(rows, SCHEMA, sizes);
  }

  /** As {@link #partitioned(List, int...)}, for rows of {@code schema}. */
  static Dataset<Row> partitioned(List<Row> rows, StructType schema, int... sizes) {
    int total = 0;
    for (int s : sizes) {
      total += s;
    }
    if (total != rows.size()) {
      throw new IllegalArgumentException("sizes add up to " + total + ", rows " + rows.size());
    }
    List<Tuple2<Integer, Row>> indexed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      indexed.add(new Tuple2<>(i, rows.get(i)));
    }
    int[] bounds = new int[sizes.length];
    for (int p = 0, acc = 0; p < sizes.length; p++) {
      acc += sizes[p];
      bounds[p] = acc;
    }
    JavaRDD<Row> rdd = SparkTestSession.jsc().parallelizePairs(indexed, 1)
        .repartitionAndSortWithinPartitions(new Bounds(bounds)).values();
    return SparkTestSession.get().createDataFrame(rdd, schema);
  }

  /** Position i goes to the first partition whose upper bound exceeds i. */
  private static final class Bounds extends Partitioner {
    private final int[] bounds;

    Bounds(int[] bounds) {
      this.bounds = bounds;
    }

    @Override public int numPartitions() { return bounds.length; }

    @Override
    public int getPartition(Object key) {
      int i = (Integer) key;
      int p = 0;
      while (i >= bounds[p]) {
        p++;
      }
      return p;
    }
  }
}
