package io.sparkmlp.bench;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input every section shares: the IDX training and test frames, each cached once and
 * counted (so the first trainer does not pay for reading them), with the same partitions.
 * Without {@code cache} (the scaling mode, where only our packed blocks are used, on executors
 * with little memory) neither frame is cached and the test frame is not loaded.
 */
final class BenchInput implements AutoCloseable {
  final SparkSession spark;
  final Dataset<Row> train;
  final Dataset<Row> test;
  final long trainRows;
  final long testRows;
  final int partitions;
  final int features;
  /** MNIST's ten digits. */
  final int classes = 10;

  BenchInput(SparkSession spark, String path, int numPartitions, boolean cache) {
    this.spark = spark;
    int n = numPartitions > 0 ? numPartitions : spark.sparkContext().defaultParallelism();
    this.partitions = n;
    Dataset<Row> tr = DataLoader.load(spark, path, DataFormat.IDX, "label", n);
    this.train = cache ? tr.cache() : tr;
    this.test = !cache ? null : DataLoader.loadDefaultTest(spark, path, new DataOptions().format(DataFormat.IDX).numPartitions(n))
        .orElseThrow(() -> new IllegalArgumentException(path
            + ": expected the test pair t10k-images-idx3-ubyte / t10k-labels-idx1-ubyte next to the training pair"))
        .cache();
    spark.sparkContext().setJobDescription("benchmark: cache the input");
    this.trainRows = train.count();
    this.testRows = test == null ? 0 : test.count();
    spark.sparkContext().setJobDescription(null);
    this.features = ((org.apache.spark.ml.linalg.Vector) train.first().get(train.schema().fieldIndex("features"))).size();
  }

  /** Packs the cached training frame for our trainer (a cached RDD; unpersist when done). */
  <A> PackedData<A> packTrain(Kernels<A> k) {
    return Packer.pack(train, "features", "label", Packer.Task.CLASSIFICATION, k, partitions, "training data");
  }

  <A> PackedData<A> packTest(Kernels<A> k) {
    return Packer.pack(test, "features", "label", Packer.Task.CLASSIFICATION, k, partitions, "test data");
  }

  @Override
  public void close() {
    train.unpersist(false);
    if (test != null) {
      test.unpersist(false);
    }
  }
}
