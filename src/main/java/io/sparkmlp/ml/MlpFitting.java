package io.sparkmlp.ml;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit both estimators share: params → {@link TrainConfig}; pack the (features, label) rows
 * once ({@link Packer}); build the {@link Architecture} (d from the features, the hidden widths,
 * the output width the task decides; hidden activation from the params, identity output);
 * train ({@link Trainer}); unpersist the packed rows, whatever happens.
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
    Precision precision = Precision.fromName(cfg.precision());
    Activation hidden = Activation.fromName(cfg.activation());
    if (cfg.earlyStoppingPatience() > 0 && cfg.validationFraction() == 0) {
      LOG.warn("{}: earlyStoppingPatience {} has no effect without a validationFraction > 0",
          stage.uid(), cfg.earlyStoppingPatience());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    PackedData<?> packed = Packer.pack(dataset.toDF(), featuresCol, labelCol, task,
        precision.kernels(), stage.getNumPartitions(), "training data");
    try {
      Architecture arch = Architecture.of(sizes(packed.numFeatures(), cfg.hiddenLayers(),
          outputWidth.of(packed)), hidden, Activation.IDENTITY, loss);
      return train(jsc, packed, arch, cfg, TrainingListener.NONE);
    } finally {
      packed.unpersist();
    }
  }

  private static <A> TrainingResult train(JavaSparkContext jsc, PackedData<A> packed,
      Architecture arch, TrainConfig cfg, TrainingListener listener) {
    return new Trainer<>(jsc, packed, null, arch, cfg, null, listener).fit();
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

  /** [d, h1, …, hn, K]. */
  static int[] sizes(int inputs, int[] hidden, int outputs) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    return sizes;
  }
}
