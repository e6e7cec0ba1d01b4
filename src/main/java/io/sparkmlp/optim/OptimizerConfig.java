package io.sparkmlp.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the update rules (not the learning rate, which comes from
 * {@link LrSchedule} at every step).
 *
 * <p>All defaults are the {@code DEFAULT_*} constants below and nowhere else. Setters validate
 * at once and throw {@link IllegalArgumentException} naming the parameter, the expected range
 * and the value found, so a config can never hold an invalid value. Each rule reads only the
 * fields it uses: sgd reads {@code weightDecay}; momentum and nesterov add {@code momentum};
 * adam and adamw read {@code beta1}, {@code beta2}, {@code epsilon}, {@code weightDecay}.
 *
 * <p>Mutable, with {@code this}-returning setters. An optimizer copies the values it needs at
 * construction, so changing a config afterwards does not affect it.
 */
public final class OptimizerConfig {

  /** Default of {@link #momentum()}: 0.9. */
  public static final double DEFAULT_MOMENTUM = 0.9;
  /** Default of {@link #beta1()}: 0.9 (Kingma &amp; Ba). */
  public static final double DEFAULT_BETA1 = 0.9;
  /** Default of {@link #beta2()}: 0.999 (Kingma &amp; Ba). */
  public static final double DEFAULT_BETA2 = 0.999;
  /** Default of {@link #epsilon()}: 1e-8 (Kingma &amp; Ba). */
  public static final double DEFAULT_EPSILON = 1e-8;
  /** Default of {@link #weightDecay()}: 0, no decay, for every rule (including adamw). */
  public static final double DEFAULT_WEIGHT_DECAY = 0.0;

  /**
   * μ of momentum and nesterov, in [0, 1): v ← μ·v + g. With μ = 0 both reduce to plain sgd.
   */
  private double momentum = DEFAULT_MOMENTUM;

  /** β1 of adam/adamw, in [0, 1): decay rate of the first-moment estimate m. */
  private double beta1 = DEFAULT_BETA1;

  /** β2 of adam/adamw, in [0, 1): decay rate of the second-moment estimate v. */
  private double beta2 = DEFAULT_BETA2;

  /**
   * ε of adam/adamw, finite and &gt; 0, added to the bias-corrected root:
   * m̂ / (√v̂ + ε) (PyTorch's placement).
   */
  private double epsilon = DEFAULT_EPSILON;

  /**
   * λ, finite and ≥ 0. For sgd, momentum, nesterov and adam it is coupled L2 decay,
   * g ← g + λθ (PyTorch's {@code weight_decay}); for adamw it is decoupled, θ ← θ − ηλθ before
   * the Adam step. Applied only to the indices in the optimizer's {@link DecayRanges}.
   */
  private double weightDecay = DEFAULT_WEIGHT_DECAY;

  /** A config holding every default. */
  public OptimizerConfig() {
  }

  /** μ of momentum and nesterov, in [0, 1). */
  public double momentum() {
    return momentum;
  }

  /** β1 of adam/adamw, in [0, 1). */
  public double beta1() {
    return beta1;
  }

  /** β2 of adam/adamw, in [0, 1). */
  public double beta2() {
    return beta2;
  }

  /** ε of adam/adamw, finite and &gt; 0. */
  public double epsilon() {
    return epsilon;
  }

  /** λ, finite and ≥ 0; coupled for sgd/momentum/nesterov/adam, decoupled for adamw. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Sets μ, in [0, 1). */
  public OptimizerConfig setMomentum(double value) {
    momentum = checkUnitInterval("momentum", value);
    return this;
  }

  /** Sets β1, in [0, 1). */
  public OptimizerConfig setBeta1(double value) {
    beta1 = checkUnitInterval("beta1", value);
    return this;
  }

  /** Sets β2, in [0, 1). */
  public OptimizerConfig setBeta2(double value) {
    beta2 = checkUnitInterval("beta2", value);
    return this;
  }

  /** Sets ε, finite and &gt; 0. */
  public OptimizerConfig setEpsilon(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("epsilon: expected a finite value > 0, found " + value);
    }
    epsilon = value;
    return this;
  }

  /** Sets λ, finite and ≥ 0. */
  public OptimizerConfig setWeightDecay(double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("weightDecay: expected a finite value >= 0, found " + value);
    }
    weightDecay = value;
    return this;
  }

  /** The five hyperparameters by name, in declaration order, for saving with a checkpoint. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("momentum", momentum);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("epsilon", epsilon);
    m.put("weightDecay", weightDecay);
    return m;
  }

  /**
   * Builds a config from {@link #toMap()}'s names; absent names keep their defaults.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the valid ones) or
   *     an invalid value
   */
  public static OptimizerConfig fromMap(Map<String, Double> values) {
    OptimizerConfig cfg = new OptimizerConfig();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      switch (e.getKey()) {
        case "momentum" -> cfg.setMomentum(v);
        case "beta1" -> cfg.setBeta1(v);
        case "beta2" -> cfg.setBeta2(v);
        case "epsilon" -> cfg.setEpsilon(v);
        case "weightDecay" -> cfg.setWeightDecay(v);
        default -> throw new IllegalArgumentException("Unknown optimizer hyperparameter '"
            + e.getKey() + "'; expected one of " + new OptimizerConfig().toMap().keySet());
      }
    }
    return cfg;
  }

  @Override
  public String toString() {
    return "OptimizerConfig" + toMap();
  }

  private static double checkUnitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) { // also rejects NaN
      throw new IllegalArgumentException(name + ": expected a value in [0, 1), found " + value);
    }
    return value;
  }
}
