package io.sparkmlp.ml;

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
 * <p>Every default comes from {@link TrainConfig} (see {@link MlpParamSet}). Names and meanings
 * are TrainConfig's, plus {@code blockSize} (TrainConfig's chunkRows, also the transform block)
 * and {@code numPartitions} (the partitions to pack the training data into; 0 keeps the
 * input's).
 */
public interface MlpParams extends Params {

  /** The Param objects of this instance, created in its constructor. */
  MlpParamSet mlpParamSet();

  default IntArrayParam hiddenLayers() { return mlpParamSet().hiddenLayers; }
  default Param<String> activation() { return mlpParamSet().activation; }
  default Param<String> loss() { return mlpParamSet().loss; }
  default Param<String> optimizer() { return mlpParamSet().optimizer; }
  default DoubleParam learningRate() { return mlpParamSet().learningRate; }
  default Param<String> lrSchedule() { return mlpParamSet().lrSchedule; }
  default IntParam warmupSteps() { return mlpParamSet().warmupSteps; }
  default IntParam lrStepSize() { return mlpParamSet().lrStepSize; }
  default DoubleParam lrGamma() { return mlpParamSet().lrGamma; }
  default DoubleParam minLearningRate() { return mlpParamSet().minLearningRate; }
  default DoubleParam momentum() { return mlpParamSet().momentum; }
  default DoubleParam weightDecay() { return mlpParamSet().weightDecay; }
  default DoubleParam gradClip() { return mlpParamSet().gradClip; }
  default IntParam batchSize() { return mlpParamSet().batchSize; }
  default IntParam maxEpochs() { return mlpParamSet().maxEpochs; }
  default LongParam seed() { return mlpParamSet().seed; }
  default Param<String> precision() { return mlpParamSet().precision; }
  default IntParam aggregationDepth() { return mlpParamSet().aggregationDepth; }
  default DoubleParam validationFraction() { return mlpParamSet().validationFraction; }
  default IntParam earlyStoppingPatience() { return mlpParamSet().earlyStoppingPatience; }
  default DoubleParam minDelta() { return mlpParamSet().minDelta; }
  default IntParam blockSize() { return mlpParamSet().blockSize; }
  default IntParam numPartitions() { return mlpParamSet().numPartitions; }

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
   * The {@link TrainConfig} these values describe: a new, independent object. {@code loss}
   * "auto" becomes TrainConfig's null (follow the task); {@code blockSize} becomes chunkRows;
   * {@code numPartitions} is not a TrainConfig setting and is left out.
   */
  default TrainConfig toTrainConfig() {
    String lossName = getLoss();
    return new TrainConfig()
        .setHiddenLayers(getHiddenLayers())
        .setActivation(getActivation())
        .setLoss(MlpParamSet.LOSS_AUTO.equals(lossName) ? null : lossName)
        .setOptimizer(getOptimizer())
        .setLearningRate(getLearningRate())
        .setLrSchedule(getLrSchedule())
        .setWarmupSteps(getWarmupSteps())
        .setLrStepSize(getLrStepSize())
        .setLrGamma(getLrGamma())
        .setMinLearningRate(getMinLearningRate())
        .setMomentum(getMomentum())
        .setWeightDecay(getWeightDecay())
        .setGradClip(getGradClip())
        .setBatchSize(getBatchSize())
        .setMaxEpochs(getMaxEpochs())
        .setSeed(getSeed())
        .setPrecision(getPrecision())
        .setAggregationDepth(getAggregationDepth())
        .setValidationFraction(getValidationFraction())
        .setEarlyStoppingPatience(getEarlyStoppingPatience())
        .setMinDelta(getMinDelta())
        .setChunkRows(getBlockSize());
  }
}
