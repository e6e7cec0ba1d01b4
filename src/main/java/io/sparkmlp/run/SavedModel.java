package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpRegressionModel;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;

/**
 * A model that the train job saved, as Evaluate and Predict load it: an
 * {@link MlpClassificationModel}, an {@link MlpRegressionModel}, or a {@link PipelineModel}
 * whose last stage is one of them (with standardization). {@code --model} may name a train output
 * directory or its {@code model/}. Its output columns are Spark's defaults: {@code prediction},
 * and for classification {@code probability} and {@code rawPrediction}.
 */
public final class SavedModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final String path;
  public final Transformer transformer;
  /** The MLP itself (the pipeline's last stage). */
  public final Transformer mlp;
  public final String description;

  private SavedModel(String path, Transformer transformer, Transformer mlp, String description) {
    this.path = path;
    this.transformer = transformer;
    this.mlp = mlp;
    this.description = description;
  }

  public boolean classification() {
    return mlp instanceof MlpClassificationModel;
  }

  /** K for a classifier, the output count for a regressor. */
  public int numOutputs() {
    return mlp instanceof MlpClassificationModel c ? c.numClasses() : ((MlpRegressionModel) mlp).numOutputs();
  }

  public int numFeatures() {
    return mlp instanceof MlpClassificationModel c ? c.numFeatures() : ((MlpRegressionModel) mlp).numFeatures();
  }

  /**
   * Loads the model at {@code dir} (or {@code dir/model}).
   *
   * @throws ConfigException naming the path when there is no model, or one of another kind
   */
  public static SavedModel load(SparkSession spark, String dir) throws IOException {
    return load(spark, dir, "--model");
  }

  /**
   * As {@link #load(SparkSession, String)}; the errors name {@code option} (e.g. {@code --init-model})
   * as the place the path came from.
   */
  public static SavedModel load(SparkSession spark, String dir, String option) throws IOException {
    String path = locate(spark, dir, option);
    String cls = className(spark, path, option);
    Transformer t;
    Transformer mlp;
    String what;
    switch (cls) {
      case "org.apache.spark.ml.PipelineModel":
        PipelineModel p = PipelineModel.load(path);
        t = p;
        mlp = p.stages()[p.stages().length - 1];
        StringBuilder sb = new StringBuilder("PipelineModel(");
        for (Transformer s : p.stages()) {
          sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(s.getClass().getSimpleName());
        }
        what = sb.append(")").toString();
        break;
      case "io.sparkmlp.ml.MlpClassificationModel":
        t = mlp = MlpClassificationModel.load(path);
        what = "MlpClassificationModel";
        break;
      case "io.sparkmlp.ml.MlpRegressionModel":
        t = mlp = MlpRegressionModel.load(path);
        what = "MlpRegressionModel";
        break;
      default:
        throw new ConfigException(option + " " + path + ": holds a " + cls + ", expected a sparkmlp "
            + "model (MlpClassificationModel, MlpRegressionModel, or a PipelineModel ending in one)");
    }
    if (!(mlp instanceof MlpClassificationModel || mlp instanceof MlpRegressionModel)) {
      throw new ConfigException(option + " " + path + ": the pipeline's last stage is a "
          + mlp.getClass().getName() + ", expected a sparkmlp MLP model");
    }
    if (mlp instanceof MlpRegressionModel r && r.hasVectorPrediction()) {
      throw new ConfigException(option + " " + path + ": predicts " + r.numOutputs() + " values per row"
          + " (fit on a Vector label); these jobs score one numeric label per row");
    }
    return new SavedModel(path, t, mlp, what + ", " + (mlp instanceof MlpClassificationModel c
        ? c.architecture() : ((MlpRegressionModel) mlp).architecture()));
  }

  /** {@code dir/model} when it holds a model, else {@code dir} when it does, else an error. */
  private static String locate(SparkSession spark, String dir, String option) throws IOException {
    Path base = new Path(dir);
    FileSystem fs = base.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(base)) {
      throw new ConfigException(option + " " + dir + ": no such directory");
    }
    if (fs.exists(new Path(base, "model/metadata"))) {
      return new Path(base, "model").toString();
    }
    if (fs.exists(new Path(base, "metadata"))) {
      return base.toString();
    }
    throw new ConfigException(option + " " + dir + ": expected a train output directory (holding model/)"
        + " or a Spark ML model directory (holding metadata/), found neither");
  }

  private static String className(SparkSession spark, String path, String option) {
    String line;
    try {
      line = spark.read().text(path + "/metadata").first().getString(0);
    } catch (RuntimeException e) {
      throw new ConfigException(option + " " + path + ": cannot read metadata/ (" + e.getMessage() + ")");
    }
    try {
      JsonNode meta = JSON.readTree(line);
      if (meta.hasNonNull("class")) {
        return meta.get("class").asText();
      }
    } catch (IOException e) {
      // reported below
    }
    throw new ConfigException(option + " " + path + ": metadata/ is not Spark ML metadata (expected JSON "
        + "with a \"class\", found '" + (line.length() > 60 ? line.substring(0, 57) + "..." : line) + "')");
  }
}
