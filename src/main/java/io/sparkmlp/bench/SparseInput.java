package io.sparkmlp.bench;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.data.LabeledFrames;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sparse section's input: a labelled text CSV pair (train, test), read and cached once,
 * and its features at a width d ({@link #features}), the featurizer fitted on the training rows
 * only, both frames cached and counted.
 */
final class SparseInput implements AutoCloseable {
  final SparkSession spark;
  final Dataset<Row> rawTrain;
  final Dataset<Row> rawTest;
  final long trainRows;
  final long testRows;
  final int partitions;
  final int classes;
  private final BenchSettings s;

  SparseInput(SparkSession spark, BenchSettings s) {
    this.spark = spark;
    this.s = s;
    this.partitions = s.partitions > 0 ? s.partitions : spark.sparkContext().defaultParallelism();
    DataOptions o = new DataOptions().format(DataFormat.TEXT).labelCol(s.textLabelCol).textCol(s.textCol)
        .numPartitions(partitions);
    this.rawTrain = DataLoader.load(spark, s.textData, o).cache();
    this.rawTest = DataLoader.load(spark, s.textTestData, o).cache();
    spark.sparkContext().setJobDescription("benchmark: cache the text input");
    this.trainRows = rawTrain.count();
    this.testRows = rawTest.count();
    this.classes = 1 + (int) Math.max(max(rawTrain), max(rawTest));
    spark.sparkContext().setJobDescription(null);
  }

  private static double max(Dataset<Row> df) {
    return df.agg(org.apache.spark.sql.functions.max(LabeledFrames.LABEL)).first().getDouble(0);
  }

  /** The text at width d: label and features, both cached; close it when done. */
  Featurized features(int d) {
    if (s.featurizer == null) {
      throw new IllegalStateException("the sparse section needs a text featurizer (BenchSettings.featurizer), found none");
    }
    long t0 = System.nanoTime();
    PipelineModel m = s.featurizer.fit(rawTrain, s.textCol, d);
    Dataset<Row> tr = m.transform(rawTrain).select(LabeledFrames.LABEL, LabeledFrames.FEATURES).cache();
    Dataset<Row> te = m.transform(rawTest).select(LabeledFrames.LABEL, LabeledFrames.FEATURES).cache();
    spark.sparkContext().setJobDescription("benchmark: cache the text features at d=" + d);
    tr.count();
    te.count();
    spark.sparkContext().setJobDescription(null);
    return new Featurized(d, tr, te, (System.nanoTime() - t0) / 1e9);
  }

  /** One width's features, cached; {@code seconds} fitted and cached them (outside every fit time). */
  final class Featurized implements AutoCloseable {
    final int d;
    final Dataset<Row> train;
    final Dataset<Row> test;
    final double seconds;

    Featurized(int d, Dataset<Row> train, Dataset<Row> test, double seconds) {
      this.d = d;
      this.train = train;
      this.test = test;
      this.seconds = seconds;
    }

    <A> PackedData<A> packTrain(Kernels<A> k) {
      return Packer.pack(train, LabeledFrames.FEATURES, LabeledFrames.LABEL, Packer.Task.CLASSIFICATION, k,
          partitions, "text training data, d=" + d);
    }

    <A> PackedData<A> packTest(Kernels<A> k) {
      return Packer.pack(test, LabeledFrames.FEATURES, LabeledFrames.LABEL, Packer.Task.CLASSIFICATION, k,
          partitions, "text test data, d=" + d);
    }

    @Override
    public void close() {
      train.unpersist(false);
      test.unpersist(false);
    }
  }

  @Override
  public void close() {
    rawTrain.unpersist(false);
    rawTest.unpersist(false);
  }
}
