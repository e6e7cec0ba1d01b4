package io.sparkmlp.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkmlp.nn.Architecture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Loads what {@link MlpWriter} saved: checks the directory, the metadata's class and
 * {@code formatVersion}, builds the stage with its saved uid (and, for a model, architecture
 * and θ), then sets the saved default and explicit params. Every failure names the path and
 * what was found there.
 */
final class MlpReader<T extends Params> extends MLReader<T> {

  /** Builds the stage from its saved uid and contents, before its params are applied. */
  @FunctionalInterface
  interface Factory<T> {
    T create(String uid, Saved saved);
  }

  /** What was read from a save directory. */
  static final class Saved {
    private final String path;
    private final JsonNode metadata;
    private final SparkSession spark;

    Saved(String path, JsonNode metadata, SparkSession spark) {
      this.path = path;
      this.metadata = metadata;
      this.spark = spark;
    }

    /** The saved architecture; an error when the metadata has none. */
    Architecture architecture() {
      Architecture arch = MlpMetadata.architecture(metadata, path);
      if (arch == null) {
        throw new IllegalArgumentException("cannot load " + path + ": its metadata has no"
            + " \"architecture\" (was it saved by an estimator?)");
      }
      return arch;
    }

    /** θ from {@code path/data}, checked against the architecture's parameter count. */
    double[] weights() {
      return readWeights(spark, path, architecture().numParams());
    }

    boolean flag(String key) {
      return MlpMetadata.flag(metadata, key);
    }
  }

  private final Class<T> type;
  private final Factory<T> factory;

  MlpReader(Class<T> type, Factory<T> factory) {
    this.type = type;
    this.factory = factory;
  }

  @Override
  public T load(String path) {
    SparkSession spark = sparkSession();
    String metadataDir = requireDir(spark, path, "metadata");
    List<Row> lines = spark.read().text(metadataDir).collectAsList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("cannot load " + path + ": " + metadataDir
          + " holds no text; expected one line of JSON");
    }
    JsonNode metadata = MlpMetadata.parse(lines.get(0).getString(0), path, type);
    T stage = factory.create(metadata.get("uid").asText(), new Saved(path, metadata, spark));
    MlpMetadata.applyParams(stage, metadata, path);
    return stage;
  }

  private static double[] readWeights(SparkSession spark, String path, int expected) {
    String dataDir = requireDir(spark, path, "data");
    Dataset<Row> df = unreadableAsArgument(path, dataDir, () -> spark.read().parquet(dataDir));
    if (!Arrays.asList(df.columns()).contains(MlpWriter.WEIGHTS_COLUMN)) {
      throw new IllegalArgumentException("cannot load " + path + ": " + dataDir + " has columns "
          + Arrays.toString(df.columns()) + ", expected '" + MlpWriter.WEIGHTS_COLUMN + "'");
    }
    boolean sliced = Arrays.asList(df.columns()).contains(MlpWriter.OFFSET_COLUMN);
    List<Row> rows = unreadableAsArgument(path, dataDir, () -> (sliced
        ? df.select(MlpWriter.OFFSET_COLUMN, MlpWriter.WEIGHTS_COLUMN).orderBy(MlpWriter.OFFSET_COLUMN)
        : df.select(functions.lit(0), df.col(MlpWriter.WEIGHTS_COLUMN))).collectAsList());
    if (rows.isEmpty() || (!sliced && rows.size() != 1)) {
      throw new IllegalArgumentException("cannot load " + path + ": " + dataDir
          + " should hold " + (sliced ? "at least one row" : "one row") + " of weights, found "
          + rows.size() + " rows");
    }
    double[] theta = new double[expected];
    int filled = 0;
    for (Row r : rows) {
      if (r.isNullAt(1) || r.getInt(0) != filled) {
        throw new IllegalArgumentException("cannot load " + path + ": " + dataDir + " has a slice of"
            + " weights at offset " + r.get(0) + " where offset " + filled + " was expected");
      }
      double[] slice = ((Vector) r.get(1)).toArray();
      if (filled + slice.length <= expected) {
        System.arraycopy(slice, 0, theta, filled, slice.length);
      }
      filled += slice.length;
    }
    if (filled != expected) {
      throw new IllegalArgumentException("cannot load " + path + ": " + dataDir + " holds "
          + filled + " weights, but the saved architecture needs " + expected);
    }
    return theta;
  }

  /**
   * The value of {@code read}, or an IllegalArgumentException naming the model and its data
   * directory with the innermost cause's message when it fails: a missing or truncated Parquet
   * file surfaces as Spark's AnalysisException (a checked exception) or a failed job.
   */
  private static <V> V unreadableAsArgument(String path, String dataDir, Callable<V> read) {
    try {
      return read.call();
    } catch (Exception e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
      throw new IllegalArgumentException("cannot load " + path + ": " + dataDir
          + " is not readable Parquet: " + why.lines().findFirst().orElse(why), e);
    }
  }

  /** path/child as a string, after checking that both exist; the error lists what is there. */
  private static String requireDir(SparkSession spark, String path, String child) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw new IllegalArgumentException("cannot load " + path + ": it does not exist");
      }
      FileStatus status = fs.getFileStatus(root);
      if (!status.isDirectory()) {
        throw new IllegalArgumentException("cannot load " + path + ": it is a file of "
            + status.getLen() + " bytes, expected the directory of a saved sparkmlp stage"
            + " (metadata/ and, for a model, data/)");
      }
      Path dir = new Path(root, child);
      if (!fs.exists(dir)) {
        List<String> found = Arrays.stream(fs.listStatus(root)).map(FileStatus::getPath)
            .map(Path::getName).sorted().toList();
        throw new IllegalArgumentException("cannot load " + path + ": it has no " + child
            + "/ directory; found " + (found.isEmpty() ? "an empty directory" : found)
            + " (is it a saved sparkmlp stage?)");
      }
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load " + path + ": " + e.getMessage(), e);
    }
  }
}
