package io.sparkmlp.ml;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit both estimators share: params → {@link TrainConfig}; pack the (features, label) rows
 * once ({@link Packer}); plan ({@link FitPlan}: the architecture from d, the hidden widths and
 * the output width the task decides; the memory check; the warnings, logged); train; unpersist
 * the packed rows, whatever happens. A cancelled job group or an interrupt of the fitting thread
 * ends the fit with a {@link FitCancelledException} after cancelling the fit's jobs still
 * running (they carry a job tag of the fit's own).
 */
final class MlpFitting {
  private static final Logger LOG = LoggerFactory.getLogger(MlpFitting.class);

  private MlpFitting() {}

  /** Decides the output width K from the packed training data (and throws when there is none). */
  @FunctionalInterface
  interface OutputWidth {
    int of(PackedData<?> packed);
  }

  /**
   * Fits a network for {@code stage}'s params on {@code dataset}.
   *
   * The stage's {@code validationIndicatorCol} (a boolean column marking validation rows) and
   * {@code weightCol} (sample weights) are used when set.
   *
   * @param task decides the loss: cross_entropy for classification, mse for regression
   * @param warm the initial model to start from, or null for the seeded initialisation
   * @throws IllegalArgumentException for a bad row (with its position), a loss that does not
   *     suit the task, data the network cannot be built for, or an initial model of another
   *     architecture
   * @throws FitCancelledException when the fit's jobs are cancelled or its thread interrupted
   */
  static TrainingResult fit(MlpEstimatorParams<?> stage, Dataset<?> dataset, String featuresCol,
      String labelCol, Packer.Task task, OutputWidth outputWidth, WarmStart warm) {
    String indicatorCol = stage.getValidationIndicatorCol();
    String weightCol = stage.getWeightCol();
    TrainConfig cfg = stage.toTrainConfig();
    Loss loss = lossFor(stage, task);
    Precision precision = Precision.fromName(cfg.get(PRECISION));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    // every job of this fit carries the tag, so an interrupt can cancel the one still running
    String tag = "sparkmlp-" + stage.uid() + "-" + UUID.randomUUID();
    jsc.sc().addJobTag(tag);
    LastStep progress = new LastStep();
    PackedData<?> packed = null;
    PackedData<?> validation = null;
    boolean interrupted = false;
    try {
      Dataset<Row> rows = ArrayFeatures.asVectors(dataset.toDF(), featuresCol);
      if (indicatorCol != null) {
        checkIndicator(stage.uid(), rows, indicatorCol, cfg.get(VALIDATION_FRACTION));
        validation = Packer.pack(rows.filter(functions.col(indicatorCol)), featuresCol, labelCol, weightCol,
            task, precision.kernels(), cfg.get(NUM_PARTITIONS), "validation rows (" + indicatorCol + " true)", null);
        rows = rows.filter(functions.not(functions.col(indicatorCol)));
      }
      packed = Packer.pack(rows, featuresCol, labelCol, weightCol, task, precision.kernels(),
          cfg.get(NUM_PARTITIONS), "training data", null);
      FitPlan plan = FitPlan.of(jsc, packed, outputWidth.of(packed), false, cfg, loss);
      LOG.info("{}: {}", stage.uid(), plan.memory());
      plan.warnings().forEach(w -> LOG.warn("{}: {}", stage.uid(), w));
      double[] initial = warm == null ? null : warm.thetaFor(stage.uid(), plan.arch());
      if (warm != null) {
        LOG.info("{}: starting from the weights of {} (optimizer state starts fresh)", stage.uid(), warm.model());
      }
      return train(jsc, packed, validation, plan, cfg, initial, progress);
    } catch (Exception e) { // an interrupt arrives as InterruptedException, which Spark does not wrap
      if (!FitCancelledException.isCancellation(e)) {
        throw e;
      }
      interrupted = Thread.interrupted() || hasInterrupt(e);
      jsc.sc().cancelJobsWithTag(tag, "the fit of " + stage.uid() + " was cancelled");
      throw new FitCancelledException(stage.uid() + ": the fit was cancelled " + progress.where()
          + " (" + FitCancelledException.reason(e) + "); nothing of it stays cached", e);
    } finally {
      jsc.sc().removeJobTag(tag);
      if (packed != null) {
        packed.unpersist();
      }
      if (validation != null) {
        validation.unpersist();
      }
      if (interrupted) {
        Thread.currentThread().interrupt(); // keep the interrupt for the caller to see
      }
    }
  }

  private static boolean hasInterrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static <A> TrainingResult train(JavaSparkContext jsc, PackedData<A> packed, PackedData<?> validation,
      FitPlan plan, TrainConfig cfg, double[] initialTheta, TrainingListener listener) {
    return plan.trainer(jsc, packed, (PackedData<A>) validation, cfg, initialTheta, listener).fit();
  }

  /** The estimators' {@code validationIndicatorCol} Param, with {@code owner} as parent. */
  static Param<String> validationIndicatorParam(org.apache.spark.ml.param.Params owner) {
    return new Param<>(owner, "validationIndicatorCol", "name of a boolean column that marks the validation"
        + " rows (true); the alternative to validationFraction");
  }

  /** The estimators' {@code weightCol} Param, with {@code owner} as parent. */
  static Param<String> weightParam(org.apache.spark.ml.param.Params owner) {
    return new Param<>(owner, "weightCol", "name of a numeric column of sample weights (finite, >= 0);"
        + " unset: every row weighs 1");
  }

  /**
   * The indicator column exists, is boolean and has no null, and validationFraction is 0;
   * else an IllegalArgumentException that says which.
   */
  private static void checkIndicator(String uid, Dataset<Row> rows, String col, double fraction) {
    if (fraction > 0) {
      throw new IllegalArgumentException(uid + ": validationIndicatorCol '" + col + "' and validationFraction "
          + fraction + " both choose validation rows; set one of them (validationFraction 0 with the column)");
    }
    if (!java.util.Arrays.asList(rows.columns()).contains(col)) {
      throw new IllegalArgumentException(uid + ": validationIndicatorCol '" + col + "' is not a column; found "
          + String.join(", ", rows.columns()));
    }
    org.apache.spark.sql.types.DataType type = rows.schema().apply(col).dataType();
    if (!(type instanceof org.apache.spark.sql.types.BooleanType)) {
      throw new IllegalArgumentException(uid + ": validationIndicatorCol '" + col + "' is " + type.simpleString()
          + ", expected boolean (true marks a validation row)");
    }
    long nulls = rows.filter(functions.col(col).isNull()).count();
    if (nulls > 0) {
      throw new IllegalArgumentException(uid + ": validationIndicatorCol '" + col + "' is null in " + nulls
          + " row(s); expected true or false in every row");
    }
  }

  /** Remembers the last step the Trainer finished, for the message of a cancelled fit. */
  private static final class LastStep implements TrainingListener {
    private volatile StepInfo last;

    @Override
    public void onStep(StepInfo step) {
      last = step;
    }

    String where() {
      StepInfo s = last;
      return s == null ? "before its first step" : "after step " + s.step() + "/" + s.stepsPerEpoch()
          + " of epoch " + s.epoch() + "/" + s.maxEpochs() + " (" + s.globalStep() + " steps done)";
    }
  }

  /** The loss the task trains with; "auto" picks it, an explicit other loss is an error. */
  static Loss lossFor(MlpParams stage, Packer.Task task) {
    Loss wanted = task == Packer.Task.CLASSIFICATION ? Loss.CROSS_ENTROPY : Loss.MSE;
    String name = stage.getLoss();
    if (!MlpParamSet.LOSS_AUTO.equals(name) && Loss.fromName(name) != wanted) {
      throw new IllegalArgumentException(stage.uid() + " param loss = " + name + ": a "
          + (task == Packer.Task.CLASSIFICATION ? "classifier trains on class ids with "
          : "regressor trains on real-valued targets with ") + wanted.id() + "; use "
          + (task == Packer.Task.CLASSIFICATION ? "MlpRegressor" : "MlpClassifier") + " for "
          + Loss.fromName(name).id() + ", or loss 'auto'");
    }
    return wanted;
  }
}
