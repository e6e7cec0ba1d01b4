package io.sparkmlp.run;

import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpParams;
import io.sparkmlp.ml.MlpRegressionModel;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.train.Hyperparams;
import io.sparkmlp.train.TrainConfig;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * The model a train run saves, in Spark ML's format: an {@link MlpClassificationModel} or
 * {@link MlpRegressionModel} holding the trained θ, with the run's training params recorded
 * (and {@code precision} and {@code blockSize} in effect for {@code transform}). With a scaler it
 * is a {@link org.apache.spark.ml.PipelineModel} of the StandardScalerModel and then the MLP
 * (which reads the scaler's output column), so that it predicts from raw features; for text,
 * the tokenizer, HashingTF and IDF come first, so that it predicts from raw text.
 */
public final class ModelExport {
  private ModelExport() {}

  /**
   * @param featuresCol the column the MLP reads (the scaler's output when there is one)
   * @param numPartitions the partitions the run trained with (recorded as a param)
   * @param before the fitted stages that make the MLP's input from the raw data, in order (text's
   *     tokenizer, HashingTF and IDF; the scaler), or none
   * @param rawTrain a frame with the raw columns, for the Pipeline's schema check
   */
  public static Transformer build(Architecture arch, double[] theta, TrainConfig cfg, String featuresCol,
      int numPartitions, List<Transformer> before, Dataset<Row> rawTrain) {
    Transformer mlp;
    if (arch.loss().isClassification()) {
      MlpClassificationModel m = new MlpClassificationModel(Identifiable.randomUID("mlpc"), arch, theta);
      m.setFeaturesCol(featuresCol);
      recordParams(m, cfg, numPartitions);
      mlp = m;
    } else {
      MlpRegressionModel m = new MlpRegressionModel(Identifiable.randomUID("mlpr"), arch, theta, false);
      m.setFeaturesCol(featuresCol);
      recordParams(m, cfg, numPartitions);
      mlp = m;
    }
    if (before.isEmpty()) {
      return mlp;
    }
    List<PipelineStage> stages = new ArrayList<>(before);
    stages.add(mlp);
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0])).fit(rawTrain);
  }

  /** Saves {@code model} (an MLP model or a PipelineModel) to {@code path}, a URI or local path. */
  public static void save(Transformer model, String path) throws java.io.IOException {
    ((MLWritable) model).write().save(path);
  }

  private static void recordParams(MlpParams m, TrainConfig c, int numPartitions) {
    m.recordTrainingSettings(c.copy().set(Hyperparams.NUM_PARTITIONS, numPartitions));
  }
}
