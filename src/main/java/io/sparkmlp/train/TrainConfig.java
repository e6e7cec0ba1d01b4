package io.sparkmlp.train;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Precision;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training hyperparameters, with every default in one place (the Spark ML Params and the
 * job configs take their defaults from here). Setters check their value and name the key in
 * the error. Mutable, chainable; copy with {@link #copy()} before sharing.
 */
public final class TrainConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Widths of the hidden layers; input and output sizes come from the data. */
  private int[] hiddenLayers = {300, 100};
  /** Activation of the hidden layers (the output layer is identity: logits or regression values). */
  private String activation = "relu";
  /** "cross_entropy" or "mse"; null means: follow the task. */
  private String loss = null;
  /** sgd, momentum, nesterov, adam or adamw. */
  private String optimizer = "adam";
  /** Base learning rate η. */
  private double learningRate = 1e-3;
  /** constant, step or cosine. */
  private String lrSchedule = "constant";
  /** Steps of linear warm-up before the schedule. */
  private long warmupSteps = 0;
  /** For the step schedule: multiply η by {@link #lrGamma} every this many steps. */
  private long lrStepSize = 0;
  private double lrGamma = 0.1;
  /** For the cosine schedule: the floor η decays to over the whole run. */
  private double minLearningRate = 0.0;
  /** Momentum μ for momentum and nesterov. */
  private double momentum = 0.9;
  /** L2 weight decay λ on the weights (not the biases): coupled for sgd/momentum/nesterov/adam, decoupled for adamw. */
  private double weightDecay = 0.0;
  /** Global gradient-norm clipping threshold; 0 turns clipping off. */
  private double gradClip = 0.0;
  /** Global mini-batch size B, split over the partitions. */
  private int batchSize = 128;
  private int maxEpochs = 10;
  private long seed = 42L;
  /** float32 (default, faster) or float64 (verification). */
  private String precision = "float32";
  /** Depth of the ordered tree that combines partition sums (≥ 1). */
  private int aggregationDepth = 2;
  /** Fraction of the training rows held out for validation when no validation set is given. */
  private double validationFraction = 0.0;
  /** Epochs without an improvement of at least {@link #minDelta} in validation loss before stopping; 0 = off. */
  private int earlyStoppingPatience = 0;
  private double minDelta = 0.0;
  /** Also validate every this many steps (mid-epoch checks); 0 = only at epoch ends. */
  private int validateEverySteps = 0;
  /** Most rows an executor runs through the engine at once (bounds its working memory). */
  private int chunkRows = 1024;
  /** Directory (any Hadoop FileSystem path) for checkpoints; null turns checkpointing off. */
  private String checkpointDir = null;
  /** Also checkpoint every this many steps; 0 = only at epoch ends. */
  private int checkpointEverySteps = 0;
  /** Checkpoint at the end of every epoch. */
  private boolean checkpointEachEpoch = true;
  /** How many of the newest checkpoints to keep. */
  private int checkpointKeep = 3;

  public TrainConfig copy() {
    TrainConfig c = new TrainConfig();
    c.hiddenLayers = hiddenLayers.clone();
    c.activation = activation; c.loss = loss; c.optimizer = optimizer;
    c.learningRate = learningRate; c.lrSchedule = lrSchedule; c.warmupSteps = warmupSteps;
    c.lrStepSize = lrStepSize; c.lrGamma = lrGamma; c.minLearningRate = minLearningRate;
    c.momentum = momentum; c.weightDecay = weightDecay; c.gradClip = gradClip;
    c.batchSize = batchSize; c.maxEpochs = maxEpochs; c.seed = seed; c.precision = precision;
    c.aggregationDepth = aggregationDepth; c.validationFraction = validationFraction;
    c.earlyStoppingPatience = earlyStoppingPatience; c.minDelta = minDelta; c.chunkRows = chunkRows;
    c.validateEverySteps = validateEverySteps;
    c.checkpointDir = checkpointDir; c.checkpointEverySteps = checkpointEverySteps;
    c.checkpointEachEpoch = checkpointEachEpoch; c.checkpointKeep = checkpointKeep;
    return c;
  }

  public int[] hiddenLayers() { return hiddenLayers.clone(); }
  public String activation() { return activation; }
  public String loss() { return loss; }
  public String optimizer() { return optimizer; }
  public double learningRate() { return learningRate; }
  public String lrSchedule() { return lrSchedule; }
  public long warmupSteps() { return warmupSteps; }
  public long lrStepSize() { return lrStepSize; }
  public double lrGamma() { return lrGamma; }
  public double minLearningRate() { return minLearningRate; }
  public double momentum() { return momentum; }
  public double weightDecay() { return weightDecay; }
  public double gradClip() { return gradClip; }
  public int batchSize() { return batchSize; }
  public int maxEpochs() { return maxEpochs; }
  public long seed() { return seed; }
  public String precision() { return precision; }
  public int aggregationDepth() { return aggregationDepth; }
  public double validationFraction() { return validationFraction; }
  public int earlyStoppingPatience() { return earlyStoppingPatience; }
  public double minDelta() { return minDelta; }
  public int validateEverySteps() { return validateEverySteps; }
  public int chunkRows() { return chunkRows; }
  public String checkpointDir() { return checkpointDir; }
  public int checkpointEverySteps() { return checkpointEverySteps; }
  public boolean checkpointEachEpoch() { return checkpointEachEpoch; }
  public int checkpointKeep() { return checkpointKeep; }

  public TrainConfig setHiddenLayers(int... v) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] <= 0) {
        throw bad("hiddenLayers", Arrays.toString(v), "every layer size must be > 0 (position " + i + ")");
      }
    }
    hiddenLayers = v.clone();
    return this;
  }

  public TrainConfig setActivation(String v) { Activation.fromName(v); activation = v; return this; }

  public TrainConfig setLoss(String v) {
    if (v != null) {
      io.sparkmlp.nn.Loss.fromName(v);
    }
    loss = v;
    return this;
  }

  public TrainConfig setOptimizer(String v) {
    if (!io.sparkmlp.optim.Optimizers.NAMES.contains(v)) {
      throw bad("optimizer", v, "expected one of " + io.sparkmlp.optim.Optimizers.NAMES);
    }
    optimizer = v;
    return this;
  }

  public TrainConfig setLearningRate(double v) { positive("learningRate", v); learningRate = v; return this; }

  public TrainConfig setLrSchedule(String v) {
    if (!io.sparkmlp.optim.LrSchedules.NAMES.contains(v)) {
      throw bad("lrSchedule", v, "expected one of " + io.sparkmlp.optim.LrSchedules.NAMES);
    }
    lrSchedule = v;
    return this;
  }

  public TrainConfig setWarmupSteps(long v) { atLeast("warmupSteps", v, 0); warmupSteps = v; return this; }
  public TrainConfig setLrStepSize(long v) { atLeast("lrStepSize", v, 0); lrStepSize = v; return this; }
  public TrainConfig setLrGamma(double v) { positive("lrGamma", v); lrGamma = v; return this; }
  public TrainConfig setMinLearningRate(double v) { nonNegative("minLearningRate", v); minLearningRate = v; return this; }

  public TrainConfig setMomentum(double v) {
    if (!(v >= 0 && v < 1)) {
      throw bad("momentum", v, "must be in [0, 1)");
    }
    momentum = v;
    return this;
  }

  public TrainConfig setWeightDecay(double v) { nonNegative("weightDecay", v); weightDecay = v; return this; }
  public TrainConfig setGradClip(double v) { nonNegative("gradClip", v); gradClip = v; return this; }
  public TrainConfig setBatchSize(int v) { atLeast("batchSize", v, 1); batchSize = v; return this; }
  public TrainConfig setMaxEpochs(int v) { atLeast("maxEpochs", v, 1); maxEpochs = v; return this; }
  public TrainConfig setSeed(long v) { seed = v; return this; }
  public TrainConfig setPrecision(String v) { Precision.fromName(v); precision = v; return this; }
  public TrainConfig setAggregationDepth(int v) { atLeast("aggregationDepth", v, 1); aggregationDepth = v; return this; }

  public TrainConfig setValidationFraction(double v) {
    if (!(v >= 0 && v < 1)) {
      throw bad("validationFraction", v, "must be in [0, 1)");
    }
    validationFraction = v;
    return this;
  }

  public TrainConfig setEarlyStoppingPatience(int v) { atLeast("earlyStoppingPatience", v, 0); earlyStoppingPatience = v; return this; }
  public TrainConfig setMinDelta(double v) { nonNegative("minDelta", v); minDelta = v; return this; }
  public TrainConfig setValidateEverySteps(int v) { atLeast("validateEverySteps", v, 0); validateEverySteps = v; return this; }
  public TrainConfig setChunkRows(int v) { atLeast("chunkRows", v, 1); chunkRows = v; return this; }
  public TrainConfig setCheckpointDir(String v) { checkpointDir = v == null || v.isBlank() ? null : v; return this; }
  public TrainConfig setCheckpointEverySteps(int v) { atLeast("checkpointEverySteps", v, 0); checkpointEverySteps = v; return this; }
  public TrainConfig setCheckpointEachEpoch(boolean v) { checkpointEachEpoch = v; return this; }
  public TrainConfig setCheckpointKeep(int v) { atLeast("checkpointKeep", v, 1); checkpointKeep = v; return this; }

  /** Every setting by name, for summaries and checkpoints. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hiddenLayers", hiddenLayers.clone());
    m.put("activation", activation);
    m.put("loss", loss);
    m.put("optimizer", optimizer);
    m.put("learningRate", learningRate);
    m.put("lrSchedule", lrSchedule);
    m.put("warmupSteps", warmupSteps);
    m.put("lrStepSize", lrStepSize);
    m.put("lrGamma", lrGamma);
    m.put("minLearningRate", minLearningRate);
    m.put("momentum", momentum);
    m.put("weightDecay", weightDecay);
    m.put("gradClip", gradClip);
    m.put("batchSize", batchSize);
    m.put("maxEpochs", maxEpochs);
    m.put("seed", seed);
    m.put("precision", precision);
    m.put("aggregationDepth", aggregationDepth);
    m.put("validationFraction", validationFraction);
    m.put("earlyStoppingPatience", earlyStoppingPatience);
    m.put("minDelta", minDelta);
    m.put("validateEverySteps", validateEverySteps);
    m.put("chunkRows", chunkRows);
    m.put("checkpointDir", checkpointDir);
    m.put("checkpointEverySteps", checkpointEverySteps);
    m.put("checkpointEachEpoch", checkpointEachEpoch);
    m.put("checkpointKeep", checkpointKeep);
    return m;
  }

  private static void positive(String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw bad(key, v, "must be a finite number > 0");
    }
  }

  private static void nonNegative(String key, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw bad(key, v, "must be a finite number >= 0");
    }
  }

  private static void atLeast(String key, long v, long min) {
    if (v < min) {
      throw bad(key, v, "must be >= " + min);
    }
  }

  private static IllegalArgumentException bad(String key, Object value, String why) {
    return new IllegalArgumentException(key + " = " + value + ": " + why);
  }
}
