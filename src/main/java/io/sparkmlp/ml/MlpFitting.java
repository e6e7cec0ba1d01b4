package io.sparkmlp.ml;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit both estimators share: params → {@link TrainConfig}; pack the (features, label) rows
 * once ({@link Packer}); plan ({@link FitPlan}: the architecture from d, the hidden widths and
 * the output width the task decides; the memory check; the warnings, logged); train; unpersist
 * the packed rows, whatever happens.
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
   * @param task decides the loss: cross_entropy for classification, mse for regression
   * @throws IllegalArgumentException for a bad row (with its position), a loss that does not
   *     suit the task, or data the network cannot be built for
   */
  static TrainingResult fit(MlpParams stage, Dataset<?> dataset, String featuresCol,
      String labelCol, Packer.Task task, OutputWidth outputWidth) {
    TrainConfig cfg = stage.toTrainConfig();
    Loss loss = lossFor(stage, task);
    Precision precision = Precision.fromName(cfg.get(PRECISION));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    PackedData<?> packed = Packer.pack(dataset.toDF(), featuresCol, labelCol, task,
        precision.kernels(), cfg.get(NUM_PARTITIONS), "training data");
    try {
      FitPlan plan = FitPlan.of(jsc, packed, outputWidth.of(packed), false, cfg, loss);
      LOG.info("{}: {}", stage.uid(), plan.memory());
      plan.warnings().forEach(w -> LOG.warn("{}: {}", stage.uid(), w));
      return train(jsc, packed, plan, cfg);
    } finally {
      packed.unpersist();
    }
  }

  private static <A> TrainingResult train(JavaSparkContext jsc, PackedData<A> packed, FitPlan plan,
      TrainConfig cfg) {
    return plan.trainer(jsc, packed, null, cfg, null, TrainingListener.NONE).fit();
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
