package io.sparkmlp.bench;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.Trainer;
import java.util.Arrays;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The input every section shares, with the same partitions: the IDX training file split into the
 * rows both trainers fit on ({@link #train}) and a validation split ({@link #validation}) that
 * every time-to-accuracy check and every choice uses; and the test set, which each trainer's
 * final model meets once. The validation rows are the ones the train job holds out with the same
 * fraction and seed ({@link Trainer#heldOutPositions}, positions in file order), so
 * {@code jobs/train.sh}, the benchmark and the PyTorch baseline validate on the same rows. Each frame is cached once and counted (so
 * the first trainer does not pay for reading it). Without {@code cache} (the scaling mode, where
 * only our packed blocks are used, on executors with little memory) the whole training file is
 * {@link #train}, uncached, and neither the validation split nor the test set is loaded.
 */
final class BenchInput implements AutoCloseable {
  final SparkSession spark;
  /** The rows both trainers fit on: the training file less the validation split. */
  final Dataset<Row> train;
  /** Held out from the training file; null without {@code cache}. */
  final Dataset<Row> validation;
  final Dataset<Row> test;
  final long trainRows;
  final long validationRows;
  final long testRows;
  final int partitions;
  final int features;
  /** MNIST's ten digits. */
  final int classes = 10;

  /** @param validationFraction the share of the training file held out, as the train job holds it out with {@code seed} */
  BenchInput(SparkSession spark, String path, int numPartitions, boolean cache, double validationFraction,
      long seed) {
    this.spark = spark;
    int n = numPartitions > 0 ? numPartitions : spark.sparkContext().defaultParallelism();
    this.partitions = n;
    Dataset<Row> all = DataLoader.load(spark, path, DataFormat.IDX, "label", n);
    spark.sparkContext().setJobDescription("benchmark: cache the input");
    if (cache) {
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException("validation fraction " + validationFraction + ": expected one in (0, 1)");
      }
      long rows = all.cache().count();
      int[] held = Trainer.heldOutPositions(rows, validationFraction, seed);
      JavaPairRDD<Row, Long> indexed = all.javaRDD().zipWithIndex();
      this.train = spark.createDataFrame(indexed.filter(t -> Arrays.binarySearch(held, t._2().intValue()) < 0)
          .map(Tuple2::_1), all.schema()).cache();
      this.validation = spark.createDataFrame(indexed.filter(t -> Arrays.binarySearch(held, t._2().intValue()) >= 0)
          .map(Tuple2::_1), all.schema()).cache();
      this.test = DataLoader.loadDefaultTest(spark, path, new DataOptions().format(DataFormat.IDX).numPartitions(n))
          .orElseThrow(() -> new IllegalArgumentException(path
              + ": expected the test pair t10k-images-idx3-ubyte / t10k-labels-idx1-ubyte next to the training pair"))
          .cache();
    } else {
      this.train = all;
      this.validation = null;
      this.test = null;
    }
    this.trainRows = train.count();
    this.validationRows = validation == null ? 0 : validation.count();
    this.testRows = test == null ? 0 : test.count();
    if (cache) {
      all.unpersist(false);
    }
    spark.sparkContext().setJobDescription(null);
    this.features = ((org.apache.spark.ml.linalg.Vector) train.first().get(train.schema().fieldIndex("features"))).size();
  }

  /** Packs the cached training frame for our trainer (a cached RDD; unpersist when done). */
  <A> PackedData<A> packTrain(Kernels<A> k) {
    return Packer.pack(train, "features", "label", Packer.Task.CLASSIFICATION, k, partitions, "training data");
  }

  <A> PackedData<A> packValidation(Kernels<A> k) {
    return Packer.pack(validation, "features", "label", Packer.Task.CLASSIFICATION, k, partitions, "validation data");
  }

  <A> PackedData<A> packTest(Kernels<A> k) {
    return Packer.pack(test, "features", "label", Packer.Task.CLASSIFICATION, k, partitions, "test data");
  }

  @Override
  public void close() {
    train.unpersist(false);
    if (validation != null) {
      validation.unpersist(false);
    }
    if (test != null) {
      test.unpersist(false);
    }
  }
}
