package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.data.LabeledFrames;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * The data options Evaluate and Predict share (a picocli mixin), and the loading: through
 * {@link DataLoader}, so the frame has {@code label} and {@code features}. An IDX directory
 * stands for its t10k (test) pair unless {@code --split train}. The feature count must be the
 * model's.
 */
public final class ScoringData {
  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "The data to score, labelled unless --label-col none: an IDX directory (its t10k "
          + "pair, see --split) or images file, or a LIBSVM, CSV or Parquet file, directory or glob.")
  public String data;

  @Option(names = "--format", paramLabel = "idx|libsvm|csv|parquet|text",
      description = "Format of --data (default: inferred from the path; text, a label and a text"
          + " column, for a model trained with --format text, is never inferred).")
  public String format;

  @Option(names = "--label-col", paramLabel = "NAME|none", defaultValue = "label",
      description = "CSV and Parquet: the label column (default: ${DEFAULT-VALUE}). none for data "
          + "without labels (predict only), in any format: CSV and Parquet columns are then all "
          + "features, LIBSVM lines may leave out the label, IDX needs only the images file.")
  public String labelCol;

  @Option(names = "--features-col", paramLabel = "NAME", defaultValue = "features",
      description = "Parquet: the vector column (default: ${DEFAULT-VALUE}).")
  public String featuresCol;

  @Option(names = "--split", paramLabel = "test|train", defaultValue = "test",
      description = "For an IDX directory: its t10k pair (test) or its train pair (default: ${DEFAULT-VALUE}).")
  public String split;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
      description = "Partitions to read into (0 = Spark's default parallelism).")
  public int partitions;

  /** False for {@code --label-col none}: the frame's labels are NaN. */
  public boolean labeled() {
    return !NO_LABEL.equals(labelCol);
  }

  public static final String NO_LABEL = "none";

  /** Where the rows came from, for messages; set by {@link #load}. */
  public String source;

  /** The frame {@code (label, features)} of {@code --data}, checked against the model's width. */
  public Dataset<Row> load(SparkSession spark, SavedModel model) {
    if (!split.equals("test") && !split.equals("train")) {
      throw new ConfigException("--split: expected test or train, found '" + split + "'");
    }
    DataFormat f = format != null ? DataFormat.fromName(format) : DataFormat.infer(data);
    DataOptions o = new DataOptions().format(f).featuresCol(featuresCol).numPartitions(partitions);
    if (labeled()) {
      o.labelCol(labelCol);
    } else {
      o.noLabel();
    }
    if (f == DataFormat.LIBSVM) {
      o.numFeatures(model.numFeatures());
    }
    Dataset<Row> frame;
    source = data;
    boolean idxDirectory = f == DataFormat.IDX && Files.isDirectory(Path.of(data.replaceFirst("^file:(//)?", "")));
    String files = labeled() ? "pair" : "images"; // what is read of an IDX split
    if (idxDirectory && split.equals("test")) {
      frame = DataLoader.loadDefaultTest(spark, data, o).orElseThrow(() -> new ConfigException("--data "
          + data + ": no t10k-images-idx3-ubyte[.gz]" + (labeled() ? " / t10k-labels-idx1-ubyte[.gz] pair" : "")
          + " there; pass --split train to use its training " + files));
      source = data + " (t10k " + files + ")";
    } else {
      frame = DataLoader.load(spark, data, o);
      source = data + (idxDirectory ? " (train " + files + ")" : "");
    }
    if (f == DataFormat.TEXT) {
      return frame; // raw text: the saved PipelineModel's own stages make its features
    }
    int n = LabeledFrames.numFeatures(frame);
    if (n != model.numFeatures()) {
      throw new ConfigException("--data " + source + ": has " + n + " features, but the model "
          + model.path + " expects " + model.numFeatures());
    }
    return frame;
  }

  public void describe(PrintWriter out, long rows) {
    out.println(String.format(Locale.ROOT, "data: %s: %,d rows", source, rows));
  }
}
