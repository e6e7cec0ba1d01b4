package io.sparkmlp.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the learning-rate schedules. All defaults are the {@code DEFAULT_*}
 * constants below. Setters validate the value alone and throw {@link IllegalArgumentException}
 * naming the parameter; what a schedule additionally requires (e.g. cosine needs
 * {@code decaySteps > 0}) is checked by {@link LrSchedules#create}. Mutable; a schedule copies
 * the values at creation.
 */
public final class ScheduleConfig {

  /** Default of {@link #baseLr()}: 0.01. */
  public static final double DEFAULT_BASE_LR = 0.01;
  /** Default of {@link #warmupSteps()}: 0, no warm-up. */
  public static final long DEFAULT_WARMUP_STEPS = 0;
  /** Default of {@link #stepSize()}: 0, unset; "step" requires a value &gt; 0. */
  public static final long DEFAULT_STEP_SIZE = 0;
  /** Default of {@link #gamma()}: 0.1. */
  public static final double DEFAULT_GAMMA = 0.1;
  /** Default of {@link #decaySteps()}: 0, unset; "cosine" requires a value &gt; 0. */
  public static final long DEFAULT_DECAY_STEPS = 0;
  /** Default of {@link #minLr()}: 0. */
  public static final double DEFAULT_MIN_LR = 0.0;

  /** η, the peak learning rate: finite and &gt; 0. Warm-up ramps up to it; the schedules start at it. */
  private double baseLr = DEFAULT_BASE_LR;

  /**
   * W, ≥ 0: steps of linear warm-up before the main schedule, η_t = η·(t+1)/W for t &lt; W.
   * The main schedule then runs on s = t − W.
   */
  private long warmupSteps = DEFAULT_WARMUP_STEPS;

  /** "step" only, ≥ 0 (0 = unset): η is multiplied by {@code gamma} every stepSize steps. */
  private long stepSize = DEFAULT_STEP_SIZE;

  /** "step" only, in (0, 1]: the factor applied every {@code stepSize} steps. */
  private double gamma = DEFAULT_GAMMA;

  /** "cosine" only, ≥ 0 (0 = unset): length T of the cosine, counted after the warm-up. */
  private long decaySteps = DEFAULT_DECAY_STEPS;

  /** "cosine" only, finite, in [0, baseLr]: the value reached at s = T and held afterwards. */
  private double minLr = DEFAULT_MIN_LR;

  /** A config holding every default. */
  public ScheduleConfig() {
  }

  /** η, the peak learning rate. */
  public double baseLr() {
    return baseLr;
  }

  /** W, the number of warm-up steps. */
  public long warmupSteps() {
    return warmupSteps;
  }

  /** Steps between two multiplications by gamma ("step"); 0 = unset. */
  public long stepSize() {
    return stepSize;
  }

  /** The factor of "step". */
  public double gamma() {
    return gamma;
  }

  /** Length T of the cosine after warm-up ("cosine"); 0 = unset. */
  public long decaySteps() {
    return decaySteps;
  }

  /** Floor of "cosine". */
  public double minLr() {
    return minLr;
  }

  /** Sets η, finite and &gt; 0. */
  public ScheduleConfig setBaseLr(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("baseLr: expected a finite value > 0, found " + value);
    }
    baseLr = value;
    return this;
  }

  /** Sets W, ≥ 0. */
  public ScheduleConfig setWarmupSteps(long value) {
    warmupSteps = checkNonNegative("warmupSteps", value);
    return this;
  }

  /** Sets stepSize, ≥ 0 (0 = unset). */
  public ScheduleConfig setStepSize(long value) {
    stepSize = checkNonNegative("stepSize", value);
    return this;
  }

  /** Sets gamma, in (0, 1]. */
  public ScheduleConfig setGamma(double value) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException("gamma: expected a value in (0, 1], found " + value);
    }
    gamma = value;
    return this;
  }

  /** Sets T, ≥ 0 (0 = unset). */
  public ScheduleConfig setDecaySteps(long value) {
    decaySteps = checkNonNegative("decaySteps", value);
    return this;
  }

  /** Sets the floor, finite and ≥ 0 (≤ baseLr is checked by the factory). */
  public ScheduleConfig setMinLr(double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException("minLr: expected a finite value >= 0, found " + value);
    }
    minLr = value;
    return this;
  }

  /** The six hyperparameters by name (longs as doubles), for logs and checkpoints. */
  public Map<String, Double> toMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("baseLr", baseLr);
    m.put("warmupSteps", (double) warmupSteps);
    m.put("stepSize", (double) stepSize);
    m.put("gamma", gamma);
    m.put("decaySteps", (double) decaySteps);
    m.put("minLr", minLr);
    return m;
  }

  @Override
  public String toString() {
    return "ScheduleConfig" + toMap();
  }

  private static long checkNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + ": expected a value >= 0, found " + value);
    }
    return value;
  }
}
