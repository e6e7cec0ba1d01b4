package io.sparkmlp.ml.onnx;

import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpRegressionModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.MLFormatRegister;
import org.apache.spark.sql.SparkSession;
import scala.collection.mutable.Map;

/**
 * The {@code "onnx"} format of Spark's {@link org.apache.spark.ml.util.GeneralMLWriter}, so that
 * {@code model.write().format("onnx").save(path)} writes one ONNX file at {@code path}
 * ({@link OnnxExport}). Spark finds the two registrations, one per model class, through
 * {@code META-INF/services/org.apache.spark.ml.util.MLFormatRegister}; {@code MLWriter.save}
 * has already refused or (with {@code overwrite()}) deleted an existing path when
 * {@link #write} runs. The format takes no {@code option}s.
 */
public abstract class OnnxFormat implements MLFormatRegister {
  @Override
  public String format() {
    return "onnx";
  }

  @Override
  public void write(String path, SparkSession session, Map<String, String> optionMap, PipelineStage stage) {
    if (optionMap.nonEmpty()) {
      throw new IllegalArgumentException("the onnx format takes no options, found "
          + optionMap.keySet().mkString("[", ", ", "]"));
    }
    try {
      OnnxExport.write(OnnxExport.model((Transformer) stage), path, false,
          session.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("writing the ONNX file " + path + ": " + e.getMessage(), e);
    }
  }

  /** {@code onnx} for {@link MlpClassificationModel}. */
  public static final class Classifier extends OnnxFormat {
    @Override
    public String stageName() {
      return MlpClassificationModel.class.getName();
    }
  }

  /** {@code onnx} for {@link MlpRegressionModel}. */
  public static final class Regressor extends OnnxFormat {
    @Override
    public String stageName() {
      return MlpRegressionModel.class.getName();
    }
  }
}
