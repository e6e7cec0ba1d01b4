package io.sparkmlp.ml;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.util.MLFormatRegister;
import org.apache.spark.sql.SparkSession;
import scala.collection.mutable.Map;

/**
 * The {@code "internal"} format of Spark's {@link org.apache.spark.ml.util.GeneralMLWriter},
 * the one {@code save(path)}, {@code write().save(path)} and {@code write().overwrite().save(path)}
 * use: Spark ML's layout as {@link MlpWriter} writes it. The models' {@code write()} returns a
 * GeneralMLWriter (so that {@code format("onnx")} works too), and a GeneralMLWriter finds every
 * format, the default included, through
 * {@code META-INF/services/org.apache.spark.ml.util.MLFormatRegister}: one registration per model
 * class. {@code MLWriter.save} has already handled an existing path when {@link #write} runs.
 */
public abstract class MlpInternalFormat implements MLFormatRegister {
  @Override
  public String format() {
    return "internal";
  }

  /** The writer of the default format for {@code stage}. */
  abstract MlpWriter writer(PipelineStage stage);

  @Override
  public void write(String path, SparkSession session, Map<String, String> optionMap, PipelineStage stage) {
    if (optionMap.nonEmpty()) {
      throw new IllegalArgumentException("the internal format takes no options, found "
          + optionMap.keySet().mkString("[", ", ", "]"));
    }
    MlpWriter w = writer(stage);
    w.session(session);
    w.saveImpl(path);
  }

  /** {@code internal} for {@link MlpClassificationModel}. */
  public static final class Classifier extends MlpInternalFormat {
    @Override
    public String stageName() {
      return MlpClassificationModel.class.getName();
    }

    @Override
    MlpWriter writer(PipelineStage stage) {
      return ((MlpClassificationModel) stage).internalWriter();
    }
  }

  /** {@code internal} for {@link MlpRegressionModel}. */
  public static final class Regressor extends MlpInternalFormat {
    @Override
    public String stageName() {
      return MlpRegressionModel.class.getName();
    }

    @Override
    MlpWriter writer(PipelineStage stage) {
      return ((MlpRegressionModel) stage).internalWriter();
    }
  }
}
