package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;
import io.sparkmlp.config.Setting;
import io.sparkmlp.config.TrainSpec;
import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.LabeledFrames;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpRegressionModel;
import io.sparkmlp.nn.Architecture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.SparkSession;

/**
 * The saved model a train run starts from ({@code init-model}): a previous run's {@code --out}
 * directory or a model directory ({@link SavedModel}). The run takes from it
 * <ul>
 *   <li>θ, as the starting point of training ({@link #thetaFor}: the run's architecture must be
 *       the saved one; optimizer state starts fresh, since a model holds θ only);
 *   <li>its fitted stages before the MLP, as they are (never refitted): text's RegexTokenizer,
 *       HashingTF and IDF ({@link #textStages}), and the StandardScalerModel ({@link #scaler}), so
 *       that the weights see the inputs they were trained on, and the new run's saved model holds
 *       the very same stages.
 * </ul>
 * The settings that describe those stages must agree with them (standardize; format text, its
 * text column and width); a disagreement is a {@link ConfigException} naming both sides, since
 * refitting or dropping a stage would change the inputs the weights were trained on.
 */
final class InitModel {
  static final String KEY = "init-model";

  private final Setting where;
  private final SavedModel saved;
  private final Architecture arch;
  private final double[] theta;
  /** RegexTokenizer, HashingTF, IDFModel, or none. */
  final List<Transformer> textStages;
  /** The fitted scaler, or null. */
  final StandardScalerModel scaler;

  private InitModel(Setting where, SavedModel saved, Architecture arch, double[] theta,
      List<Transformer> textStages, StandardScalerModel scaler) {
    this.where = where;
    this.saved = saved;
    this.arch = arch;
    this.theta = theta;
    this.textStages = List.copyOf(textStages);
    this.scaler = scaler;
  }

  /** The spec's init model, or null when it names none. */
  static InitModel load(SparkSession spark, TrainSpec spec) throws IOException {
    if (!spec.has(KEY)) {
      return null;
    }
    Setting s = spec.setting(KEY);
    SavedModel saved = SavedModel.load(spark, s.value(), "--" + KEY);
    Architecture arch = saved.mlp instanceof MlpClassificationModel c ? c.architecture()
        : ((MlpRegressionModel) saved.mlp).architecture();
    double[] theta = saved.mlp instanceof MlpClassificationModel c ? c.weights()
        : ((MlpRegressionModel) saved.mlp).weights();
    List<Transformer> text = new ArrayList<>();
    StandardScalerModel scaler = null;
    Transformer[] before = saved.transformer instanceof PipelineModel p
        ? Arrays.copyOf(p.stages(), p.stages().length - 1) : new Transformer[0];
    for (Transformer t : before) {
      if (t instanceof StandardScalerModel m && scaler == null && m.getInputCol().equals(LabeledFrames.FEATURES)
          && m.getOutputCol().equals(TrainData.SCALED_FEATURES)) {
        scaler = m;
      } else if (scaler == null && text.size() < 3 && (t instanceof RegexTokenizer || t instanceof HashingTF
          || t instanceof IDFModel)) {
        text.add(t);
      } else {
        throw new ConfigException(s.where() + ": " + saved.path + " holds " + saved.description + "; a train "
            + "run reuses the stages the train job saves (RegexTokenizer, HashingTF, IDFModel, then a "
            + "StandardScalerModel from " + LabeledFrames.FEATURES + " to " + TrainData.SCALED_FEATURES
            + "), not " + t.getClass().getSimpleName() + " '" + t.uid() + "'");
      }
    }
    if (!text.isEmpty() && !(text.size() == 3 && text.get(0) instanceof RegexTokenizer
        && text.get(1) instanceof HashingTF && text.get(2) instanceof IDFModel idf
        && idf.getOutputCol().equals(LabeledFrames.FEATURES))) {
      throw new ConfigException(s.where() + ": " + saved.path + " holds " + saved.description
          + "; expected text's stages in the train job's order (RegexTokenizer, HashingTF, IDFModel into '"
          + LabeledFrames.FEATURES + "')");
    }
    return new InitModel(s, saved, arch, theta, text, scaler);
  }

  /** The saved MLP's input width: the feature count after the text stages. */
  int numFeatures() {
    return arch.inputSize();
  }

  /**
   * Checks that the run's settings describe the saved stages: a scaler exactly when standardize
   * is on; text stages exactly for format text, reading its text column, as wide as text-features.
   *
   * @throws ConfigException naming the setting and the saved model when they disagree
   */
  void checkStages(TrainSpec spec, DataFormat format) {
    String model = where.where() + ": the model in " + saved.path;
    if (scaler != null && !spec.standardize()) {
      throw new ConfigException(model + " standardizes its features (a fitted StandardScalerModel before"
          + " the MLP), but standardize is off (" + spec.setting("standardize").where() + "); give --standardize"
          + " to train on with that scaler (it is reused, not refitted)");
    }
    if (scaler == null && spec.standardize()) {
      throw new ConfigException(model + " reads unstandardized features, but standardize is on ("
          + spec.setting("standardize").where() + "); a new scaler would change the inputs its weights were"
          + " trained on: leave standardize off");
    }
    boolean text = format == DataFormat.TEXT;
    if (!textStages.isEmpty() && !text) {
      throw new ConfigException(model + " takes raw text (RegexTokenizer, HashingTF, IDF before the MLP),"
          + " but the data is " + format.name().toLowerCase(java.util.Locale.ROOT) + "; give --format text");
    }
    if (textStages.isEmpty() && text) {
      throw new ConfigException(model + " takes feature vectors, not text (it has no RegexTokenizer,"
          + " HashingTF and IDF), but the data is --format text");
    }
    if (text) {
      String col = ((RegexTokenizer) textStages.get(0)).getInputCol();
      if (!col.equals(spec.textCol())) {
        throw new ConfigException(model + " reads its text from column '" + col + "', but text-col is '"
            + spec.textCol() + "' (" + spec.setting("text-col").where() + "); they must be the same");
      }
      int width = ((HashingTF) textStages.get(1)).getNumFeatures();
      if (width != spec.textFeatures()) {
        throw new ConfigException(model + " hashes text into " + width + " features, but text-features is "
            + spec.textFeatures() + " (" + spec.setting("text-features").where() + "); they must be the same");
      }
    }
  }

  /**
   * θ to start the planned network from (a copy).
   *
   * @throws ConfigException naming both shapes when the run builds another architecture
   */
  double[] thetaFor(Architecture planned) {
    if (!arch.equals(planned)) {
      throw new ConfigException(where.where() + ": the model in " + saved.path + " is " + arch
          + ", but this run builds " + planned + " (from the data's feature count, hidden or layers,"
          + " activation and task); the layer sizes, activations and loss must match");
    }
    return theta.clone();
  }

  /** The console line: where the weights come from, and that optimizer state does not. */
  String describe(boolean resuming) {
    String stages = (textStages.isEmpty() ? "" : ", RegexTokenizer, HashingTF, IDF")
        + (scaler == null ? "" : ", StandardScalerModel");
    String reused = stages.isEmpty() ? "" : "; its fitted " + stages.substring(2) + " reused, not refitted";
    return resuming
        ? "warm start: resuming, so weights and optimizer state come from the checkpoint, not from "
            + where.value() + " (" + sizes() + ")" + reused
        : "warm start: weights from " + where.value() + " (" + sizes() + ")" + reused
            + "; optimizer state starts fresh";
  }

  private String sizes() {
    return String.join("-", Arrays.stream(arch.sizes()).mapToObj(Integer::toString).toList());
  }
}
