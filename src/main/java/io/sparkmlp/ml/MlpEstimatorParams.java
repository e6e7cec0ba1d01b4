package io.sparkmlp.ml;

/**
 * The setters of {@link MlpParams}, for the estimators. Each checks its value when called (the
 * rules of {@link io.sparkmlp.train.TrainConfig}) and returns this estimator.
 *
 * @param <E> the estimator's own type
 */
public interface MlpEstimatorParams<E extends MlpEstimatorParams<E>> extends MlpParams {

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }

  /** Hidden widths, input side first; none gives a linear model. Input and output widths come from the data. */
  default E setHiddenLayers(int... v) { set(hiddenLayers(), v.clone()); return self(); }
  /** relu, leaky_relu, tanh, sigmoid, gelu or identity. */
  default E setActivation(String v) { set(activation(), v); return self(); }
  /** "auto", "cross_entropy" (classifier) or "mse" (regressor). */
  default E setLoss(String v) { set(loss(), v); return self(); }
  /** sgd, momentum, nesterov, adam, adamw, lazy_adam or lazy_momentum (for sparse input; see Optimizers.LAZY_ADAM). */
  default E setOptimizer(String v) { set(optimizer(), v); return self(); }
  default E setLearningRate(double v) { set(learningRate(), v); return self(); }
  /** constant, step or cosine. */
  default E setLrSchedule(String v) { set(lrSchedule(), v); return self(); }
  default E setWarmupSteps(int v) { set(warmupSteps(), v); return self(); }
  default E setLrStepSize(int v) { set(lrStepSize(), v); return self(); }
  default E setLrGamma(double v) { set(lrGamma(), v); return self(); }
  default E setMinLearningRate(double v) { set(minLearningRate(), v); return self(); }
  default E setMomentum(double v) { set(momentum(), v); return self(); }
  default E setWeightDecay(double v) { set(weightDecay(), v); return self(); }
  default E setAdamBeta2(double v) { set(adamBeta2(), v); return self(); }
  default E setGradClip(double v) { set(gradClip(), v); return self(); }
  default E setBatchSize(int v) { set(batchSize(), v); return self(); }
  default E setMaxEpochs(int v) { set(maxEpochs(), v); return self(); }
  default E setSeed(long v) { set(seed(), v); return self(); }
  /** "float32" or "float64". */
  default E setPrecision(String v) { set(precision(), v); return self(); }
  default E setAggregationDepth(int v) { set(aggregationDepth(), v); return self(); }
  default E setValidationFraction(double v) { set(validationFraction(), v); return self(); }
  default E setEarlyStoppingPatience(int v) { set(earlyStoppingPatience(), v); return self(); }
  default E setMinDelta(double v) { set(minDelta(), v); return self(); }
  default E setBlockSize(int v) { set(blockSize(), v); return self(); }
  /** 0 keeps the input's partitions. */
  default E setNumPartitions(int v) { set(numPartitions(), v); return self(); }

  /**
   * A boolean column that marks the validation rows (true) and the training rows (false), as in
   * Spark's GBTClassifier: the alternative to {@code validationFraction}; setting both is an
   * error. Unset by default. A column name, like featuresCol, so not a training setting of
   * {@link io.sparkmlp.train.Hyperparams}.
   */
  org.apache.spark.ml.param.Param<String> validationIndicatorCol();

  default String getValidationIndicatorCol() {
    return isDefined(validationIndicatorCol()) ? getOrDefault(validationIndicatorCol()) : null;
  }

  default E setValidationIndicatorCol(String column) { set(validationIndicatorCol(), column); return self(); }

  /**
   * A numeric column of per-row sample weights, as Spark's {@code HasWeightCol}: the loss is
   * L = Σ_b w_b·ℓ_b / Σ_b w_b over each batch, and the validation loss the same weighted mean.
   * Weights must be finite and ≥ 0 (else the fit fails naming the row); a batch whose weights
   * sum to 0 is skipped and counted in the epoch's history. Unset by default: every row weighs 1.
   */
  org.apache.spark.ml.param.Param<String> weightCol();

  default String getWeightCol() {
    return isDefined(weightCol()) ? getOrDefault(weightCol()) : null;
  }

  default E setWeightCol(String column) { set(weightCol(), column); return self(); }

  /**
   * The uid of the model whose weights fits start from ({@code setInitialModel}), or null. Warm
   * start copies the weights when it is set; the fit's architecture (the data's widths,
   * hiddenLayers, activation, loss) must equal the model's, else the fit fails naming both.
   * Optimizer state starts fresh, and the initial model is not saved with the estimator.
   */
  String initialModelUid();
}
