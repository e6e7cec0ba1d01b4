package io.sparkmlp.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a sparkmlp stage in Spark ML's layout: {@code path/metadata} (one line of JSON, see
 * {@link MlpMetadata}) and, for a model, {@code path/data}: Parquet, θ in the
 * {@link io.sparkmlp.nn.Architecture}'s layout, float64 whatever the precision, as rows of
 * {@code (offset, weights)}, each a slice of at most {@value #SLICE} values starting at
 * {@code offset} (one Parquet record of a 2^18 × 128 first layer, 33.5M values, did not fit a 4
 * GiB heap). A model saved before slicing has one row and no {@code offset}; it still loads.
 * {@code MLWriter.save} handles {@code overwrite()} (without it an existing path is Spark's
 * IOException); the directory itself is written by {@link #saveAtomically}, so a save that
 * fails or is killed half-way never leaves a directory at {@code path} for a load to accept.
 */
final class MlpWriter extends MLWriter {
  private static final Logger LOG = LoggerFactory.getLogger(MlpWriter.class);
  /** Metadata key of {@link MlpRegressionModel#hasVectorPrediction()}. */
  static final String VECTOR_PREDICTION = "vectorPrediction";
  static final String WEIGHTS_COLUMN = "weights";
  static final String OFFSET_COLUMN = "offset";
  /** Values per saved row: 8 MiB of float64. */
  static final int SLICE = 1 << 20;

  private final MlpParams stage;
  private final TrainedNetwork network;
  private final Map<String, Boolean> flags;

  /** @param network the trained network of a model, or null for an estimator */
  MlpWriter(MlpParams stage, TrainedNetwork network) {
    this(stage, network, Map.of());
  }

  MlpWriter(MlpParams stage, TrainedNetwork network, Map<String, Boolean> flags) {
    this.stage = stage;
    this.network = network;
    this.flags = flags;
  }

  @Override
  public void saveImpl(String path) {
    SparkSession spark = sparkSession();
    saveAtomically(spark, path, dir -> writeContents(spark, dir));
  }

  /**
   * Makes {@code path} appear complete or not at all: {@code write} fills a hidden sibling,
   * {@code .<name>.saving-<random>}, which is renamed to {@code path} once {@code write} returns
   * (one atomic rename on HDFS and local disks; a copy on object stores that have no rename).
   * When {@code write} throws, the sibling is deleted and the error goes on; a killed driver
   * leaves at most the sibling, which a load of {@code path} never sees.
   *
   * @param write writes the stage's {@code metadata/} (and {@code data/}) under the directory
   *     it is given
   * @throws IllegalStateException when {@code path} appeared meanwhile (another save) or the
   *     rename fails; the sibling is deleted then too
   */
  static void saveAtomically(SparkSession spark, String path, Consumer<String> write) {
    Path target = new Path(path);
    boolean renamed = false;
    FileSystem fs;
    Path sibling;
    try {
      fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
      target = fs.makeQualified(target);
      sibling = new Path(target.getParent(), "." + target.getName() + ".saving-" + UUID.randomUUID());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save to " + path + ": " + e.getMessage(), e);
    }
    try {
      write.accept(sibling.toString());
      if (fs.exists(target)) {
        throw new IllegalStateException("cannot save to " + path + ": it appeared while this save"
            + " was writing (another save to the same path?); this one is discarded");
      }
      if (!fs.rename(sibling, target)) {
        throw new IllegalStateException("cannot save to " + path + ": renaming the written "
            + sibling + " to it failed");
      }
      renamed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save to " + path + ": " + e.getMessage(), e);
    } finally {
      if (!renamed) {
        deleteQuietly(fs, sibling);
      }
    }
  }

  private static void deleteQuietly(FileSystem fs, Path dir) {
    try {
      fs.delete(dir, true);
    } catch (IOException e) {
      LOG.warn("could not delete the unfinished save {}: {}", dir, e.getMessage());
    }
  }

  private void writeContents(SparkSession spark, String path) {
    String json = MlpMetadata.toJson(stage, spark.version(),
        network == null ? null : network.architecture(), stage.getPrecision(), flags);
    StructType text = new StructType().add("value", DataTypes.StringType, false);
    spark.createDataFrame(List.of(RowFactory.create(json)), text)
        .coalesce(1).write().text(path + "/metadata");
    if (network != null) {
      // θ reaches the one writing task through a broadcast, not inside the task itself (a local
      // DataFrame would put megabytes of weights into the task and make Spark warn about it).
      StructType data = new StructType().add(OFFSET_COLUMN, DataTypes.IntegerType, false)
          .add(WEIGHTS_COLUMN, new VectorUDT(), false);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Broadcast<double[]> weights = jsc.broadcast(network.weights());
      try {
        int n = network.weights().length;
        List<Integer> offsets = new java.util.ArrayList<>();
        for (int off = 0; off < n || offsets.isEmpty(); off += SLICE) {
          offsets.add(off);
        }
        JavaRDD<Row> rows = jsc.parallelize(offsets, 1).map(off -> RowFactory.create(off,
            Vectors.dense(java.util.Arrays.copyOfRange(weights.value(), off, Math.min(off + SLICE, weights.value().length)))));
        spark.createDataFrame(rows, data).write().parquet(path + "/data");
      } finally {
        weights.destroy();
      }
    }
  }
}
