package io.sparkmlp.ml;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.train.TrainConfig;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params shared by {@link MlpClassifier}, {@link MlpRegressor} and their models:
 * one accessor per {@link Param} (which Spark finds by reflection, as for its own stages) and
 * one typed getter. The estimators add setters through {@link MlpEstimatorParams}; a model
 * carries the values it was trained with, and its hiddenLayers and activation always describe
 * the network it holds.
 *
 * <p>Every param, its name, doc, default and rule, is an entry of
 * {@link io.sparkmlp.train.Hyperparams#PARAMS} (see {@link MlpParamSet}); these one-line
 * accessors exist because Spark finds a stage's params by reflection.
 */
public interface MlpParams extends Params {

  /** The Param objects of this instance, created in its constructor. */
  MlpParamSet mlpParamSet();

  default IntArrayParam hiddenLayers() { return mlpParamSet().get(HIDDEN_LAYERS); }
  default Param<String> activation() { return mlpParamSet().get(ACTIVATION); }
  default Param<String> loss() { return mlpParamSet().get(LOSS); }
  default Param<String> optimizer() { return mlpParamSet().get(OPTIMIZER); }
  default DoubleParam learningRate() { return mlpParamSet().get(LEARNING_RATE); }
  default Param<String> lrSchedule() { return mlpParamSet().get(LR_SCHEDULE); }
  default IntParam warmupSteps() { return mlpParamSet().get(WARMUP_STEPS); }
  default IntParam lrStepSize() { return mlpParamSet().get(LR_STEP_SIZE); }
  default DoubleParam lrGamma() { return mlpParamSet().get(LR_GAMMA); }
  default DoubleParam minLearningRate() { return mlpParamSet().get(MIN_LEARNING_RATE); }
  default DoubleParam momentum() { return mlpParamSet().get(MOMENTUM); }
  default DoubleParam weightDecay() { return mlpParamSet().get(WEIGHT_DECAY); }
  default DoubleParam adamBeta2() { return mlpParamSet().get(ADAM_BETA2); }
  default DoubleParam gradClip() { return mlpParamSet().get(GRAD_CLIP); }
  default IntParam batchSize() { return mlpParamSet().get(BATCH_SIZE); }
  default IntParam maxEpochs() { return mlpParamSet().get(MAX_EPOCHS); }
  default LongParam seed() { return mlpParamSet().get(SEED); }
  default Param<String> precision() { return mlpParamSet().get(PRECISION); }
  default IntParam aggregationDepth() { return mlpParamSet().get(AGGREGATION_DEPTH); }
  default DoubleParam validationFraction() { return mlpParamSet().get(VALIDATION_FRACTION); }
  default IntParam earlyStoppingPatience() { return mlpParamSet().get(EARLY_STOPPING_PATIENCE); }
  default DoubleParam minDelta() { return mlpParamSet().get(MIN_DELTA); }
  default IntParam blockSize() { return mlpParamSet().get(BLOCK_SIZE); }
  default IntParam numPartitions() { return mlpParamSet().get(NUM_PARTITIONS); }

  /** A copy of the hidden widths. */
  default int[] getHiddenLayers() { return getOrDefault(hiddenLayers()).clone(); }
  default String getActivation() { return getOrDefault(activation()); }
  /** {@code "auto"}, {@code "cross_entropy"} or {@code "mse"}. */
  default String getLoss() { return getOrDefault(loss()); }
  default String getOptimizer() { return getOrDefault(optimizer()); }
  default double getLearningRate() { return (Double) getOrDefault(learningRate()); }
  default String getLrSchedule() { return getOrDefault(lrSchedule()); }
  default int getWarmupSteps() { return (Integer) getOrDefault(warmupSteps()); }
  default int getLrStepSize() { return (Integer) getOrDefault(lrStepSize()); }
  default double getLrGamma() { return (Double) getOrDefault(lrGamma()); }
  default double getMinLearningRate() { return (Double) getOrDefault(minLearningRate()); }
  default double getMomentum() { return (Double) getOrDefault(momentum()); }
  default double getWeightDecay() { return (Double) getOrDefault(weightDecay()); }
  default double getAdamBeta2() { return (Double) getOrDefault(adamBeta2()); }
  default double getGradClip() { return (Double) getOrDefault(gradClip()); }
  default int getBatchSize() { return (Integer) getOrDefault(batchSize()); }
  default int getMaxEpochs() { return (Integer) getOrDefault(maxEpochs()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  /** {@code "float32"} or {@code "float64"}. */
  default String getPrecision() { return getOrDefault(precision()); }
  default int getAggregationDepth() { return (Integer) getOrDefault(aggregationDepth()); }
  default double getValidationFraction() { return (Double) getOrDefault(validationFraction()); }
  default int getEarlyStoppingPatience() { return (Integer) getOrDefault(earlyStoppingPatience()); }
  default double getMinDelta() { return (Double) getOrDefault(minDelta()); }
  default int getBlockSize() { return (Integer) getOrDefault(blockSize()); }
  default int getNumPartitions() { return (Integer) getOrDefault(numPartitions()); }

  /**
   * The {@link TrainConfig} these values describe: a new, independent object, one value per
   * param ({@code loss} "auto" stays "auto": the task decides).
   */
  default TrainConfig toTrainConfig() {
    return mlpParamSet().toTrainConfig(this);
  }

  /** Sets every param to its value in {@code c}: what a model records of the run that trained it. */
  default void recordTrainingSettings(TrainConfig c) {
    mlpParamSet().record(this, c);
  }
}
