package io.sparkmlp.ml;

import io.sparkmlp.ml.ScalaInterop.Rule;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.TrainConfig;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The {@link Param} objects of one stage ({@link MlpClassifier}, {@link MlpRegressor} or their
 * models), created once in its constructor with the stage as parent. Reach them through the
 * accessors of {@link MlpParams}; this class only builds them.
 *
 * <p>Defaults: every training default is read from a fresh {@link TrainConfig}, the one place
 * they are written. Validation: each value is checked by the same {@link TrainConfig} setter
 * that training will use, so a value is rejected when it is set (or put in a param grid), with
 * a message naming the stage and the param.
 */
public final class MlpParamSet implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The value of {@link #loss} that means: cross_entropy for a classifier, mse for a regressor. */
  public static final String LOSS_AUTO = "auto";
  /** The value of {@link #numPartitions} that keeps the input's partitioning (Packer's "≤ 0"). */
  public static final int KEEP_INPUT_PARTITIONS = 0;

  public final IntArrayParam hiddenLayers;
  public final Param<String> activation;
  public final Param<String> loss;
  public final Param<String> optimizer;
  public final DoubleParam learningRate;
  public final Param<String> lrSchedule;
  public final IntParam warmupSteps;
  public final IntParam lrStepSize;
  public final DoubleParam lrGamma;
  public final DoubleParam minLearningRate;
  public final DoubleParam momentum;
  public final DoubleParam weightDecay;
  public final DoubleParam gradClip;
  public final IntParam batchSize;
  public final IntParam maxEpochs;
  public final LongParam seed;
  public final Param<String> precision;
  public final IntParam aggregationDepth;
  public final DoubleParam validationFraction;
  public final IntParam earlyStoppingPatience;
  public final DoubleParam minDelta;
  public final IntParam blockSize;
  public final IntParam numPartitions;

  /** Creates the params with {@code owner} as parent and registers their defaults on it. */
  MlpParamSet(Params owner) {
    String uid = owner.uid();
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers", "widths of the hidden layers, each > 0;"
        + " the input width comes from the features, the output width from the labels",
        ScalaInterop.validator(uid, "hiddenLayers", (Rule<int[]>) v -> cfg().setHiddenLayers(v)));
    activation = string(owner, "activation", "activation of the hidden layers: relu, leaky_relu,"
        + " tanh, sigmoid, gelu or identity (the output layer is always identity)",
        v -> cfg().setActivation(v));
    loss = string(owner, "loss", "'auto' (cross_entropy for MlpClassifier, mse for MlpRegressor),"
        + " 'cross_entropy' or 'mse'", MlpParamSet::checkLoss);
    optimizer = string(owner, "optimizer", "sgd, momentum, nesterov, adam or adamw",
        v -> cfg().setOptimizer(v));
    learningRate = dbl(owner, "learningRate", "base learning rate η (> 0)", v -> cfg().setLearningRate(v));
    lrSchedule = string(owner, "lrSchedule", "learning-rate schedule: constant, step or cosine",
        v -> cfg().setLrSchedule(v));
    warmupSteps = integer(owner, "warmupSteps", "steps of linear warm-up before the schedule (>= 0)",
        v -> cfg().setWarmupSteps(v));
    lrStepSize = integer(owner, "lrStepSize", "for the step schedule: steps between decays"
        + " (0 = a third of the run)", v -> cfg().setLrStepSize(v));
    lrGamma = dbl(owner, "lrGamma", "for the step schedule: the factor η is multiplied by (> 0)",
        v -> cfg().setLrGamma(v));
    minLearningRate = dbl(owner, "minLearningRate", "for the cosine schedule: the floor η decays"
        + " to (>= 0)", v -> cfg().setMinLearningRate(v));
    momentum = dbl(owner, "momentum", "momentum μ for momentum and nesterov, in [0, 1)",
        v -> cfg().setMomentum(v));
    weightDecay = dbl(owner, "weightDecay", "L2 weight decay λ on the weights, not the biases"
        + " (>= 0; decoupled for adamw)", v -> cfg().setWeightDecay(v));
    gradClip = dbl(owner, "gradClip", "global gradient-norm clipping threshold (>= 0; 0 = off)",
        v -> cfg().setGradClip(v));
    batchSize = integer(owner, "batchSize", "global mini-batch size B (>= 1), split over the"
        + " partitions", v -> cfg().setBatchSize(v));
    maxEpochs = integer(owner, "maxEpochs", "passes over the training rows (>= 1)",
        v -> cfg().setMaxEpochs(v));
    seed = new LongParam(owner, "seed", "seed of the initial weights, the batch order and the"
        + " validation split", ScalaInterop.validator(uid, "seed", (Rule<Object>) v -> cfg().setSeed((Long) v)));
    precision = string(owner, "precision", "number format on the executors: float32 or float64",
        v -> cfg().setPrecision(v));
    aggregationDepth = integer(owner, "aggregationDepth", "depth of the ordered tree combining"
        + " partition sums (>= 1)", v -> cfg().setAggregationDepth(v));
    validationFraction = dbl(owner, "validationFraction", "fraction of the training rows held"
        + " out (seeded) for per-epoch validation, in [0, 1)", v -> cfg().setValidationFraction(v));
    earlyStoppingPatience = integer(owner, "earlyStoppingPatience", "epochs without a validation"
        + " loss improvement of minDelta before stopping (0 = off; needs validationFraction > 0)",
        v -> cfg().setEarlyStoppingPatience(v));
    minDelta = dbl(owner, "minDelta", "smallest validation loss decrease that counts as an"
        + " improvement (>= 0)", v -> cfg().setMinDelta(v));
    blockSize = integer(owner, "blockSize", "most rows run through the engine at once, in training"
        + " and in transform (>= 1)", v -> atLeast("blockSize", v, 1));
    numPartitions = integer(owner, "numPartitions", "partitions to train with, keeping the row"
        + " order (0 = keep the input's)", v -> atLeast("numPartitions", v, 0));
    setDefaults(owner);
  }

  private void setDefaults(Params owner) {
    TrainConfig d = new TrainConfig();
    owner.setDefault(hiddenLayers, d.hiddenLayers());
    owner.setDefault(activation, d.activation());
    owner.setDefault(loss, d.loss() == null ? LOSS_AUTO : d.loss());
    owner.setDefault(optimizer, d.optimizer());
    owner.setDefault(learningRate, d.learningRate());
    owner.setDefault(lrSchedule, d.lrSchedule());
    owner.setDefault(warmupSteps, Math.toIntExact(d.warmupSteps()));
    owner.setDefault(lrStepSize, Math.toIntExact(d.lrStepSize()));
    owner.setDefault(lrGamma, d.lrGamma());
    owner.setDefault(minLearningRate, d.minLearningRate());
    owner.setDefault(momentum, d.momentum());
    owner.setDefault(weightDecay, d.weightDecay());
    owner.setDefault(gradClip, d.gradClip());
    owner.setDefault(batchSize, d.batchSize());
    owner.setDefault(maxEpochs, d.maxEpochs());
    owner.setDefault(seed, d.seed());
    owner.setDefault(precision, d.precision());
    owner.setDefault(aggregationDepth, d.aggregationDepth());
    owner.setDefault(validationFraction, d.validationFraction());
    owner.setDefault(earlyStoppingPatience, d.earlyStoppingPatience());
    owner.setDefault(minDelta, d.minDelta());
    owner.setDefault(blockSize, d.chunkRows());
    owner.setDefault(numPartitions, KEEP_INPUT_PARTITIONS);
  }

  /**
   * Sets hiddenLayers (and, when there are hidden layers, activation) on a model to those of
   * the network it holds, so that its params describe it however it was built.
   */
  void describe(Params model, Architecture arch) {
    int[] sizes = arch.sizes();
    model.set(hiddenLayers, Arrays.copyOfRange(sizes, 1, sizes.length - 1));
    if (arch.numLayers() > 1) {
      model.set(activation, arch.activation(0).id());
    }
  }

  private static TrainConfig cfg() {
    return new TrainConfig();
  }

  private static void checkLoss(String v) {
    if (!LOSS_AUTO.equals(v)) {
      Loss.fromName(v);
    }
  }

  private static void atLeast(String name, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(name + " = " + v + ": must be >= " + min);
    }
  }

  private static Param<String> string(Params owner, String name, String doc, Rule<String> rule) {
    return new Param<>(owner, name, doc, ScalaInterop.validator(owner.uid(), name, rule));
  }

  private static DoubleParam dbl(Params owner, String name, String doc, Rule<Double> rule) {
    return new DoubleParam(owner, name, doc,
        ScalaInterop.validator(owner.uid(), name, (Rule<Object>) v -> rule.check((Double) v)));
  }

  private static IntParam integer(Params owner, String name, String doc, Rule<Integer> rule) {
    return new IntParam(owner, name, doc,
        ScalaInterop.validator(owner.uid(), name, (Rule<Object>) v -> rule.check((Integer) v)));
  }
}
