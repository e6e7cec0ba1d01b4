package io.sparkmlp.optim;

import java.util.List;
import java.util.Locale;

/**
 * Creates {@link LrSchedule}s by name. With η = baseLr, W = warmupSteps and t the 0-based step:
 * <pre>
 *   t &lt; W:   η_t = η·(t+1)/W                       linear warm-up, reaches η at t = W−1
 *   t ≥ W:   η_t = main(s),  s = t − W             the main schedule counts from the warm-up's end
 *
 *   constant:  main(s) = η
 *   step:      main(s) = η·γ^⌊s / stepSize⌋
 *   cosine:    main(s) = η_min + (η − η_min)·(1 + cos(π·s/T))/2   for s &lt; T,  η_min for s ≥ T
 * </pre>
 * So the first warm-up step uses η/W, never 0, and both t = W−1 and t = W use η. To end the
 * cosine exactly at the last of N training steps, set T = N − 1 − W (the floor is then used at
 * the last step).
 */
public final class LrSchedules {

  /** main(s) = η. */
  public static final String CONSTANT = "constant";
  /** main(s) = η·γ^⌊s / stepSize⌋. */
  public static final String STEP = "step";
  /** Half-cosine from η down to minLr over decaySteps steps, then minLr. */
  public static final String COSINE = "cosine";

  /** Every valid name. */
  public static final List<String> NAMES = List.of(CONSTANT, STEP, COSINE);

  private LrSchedules() {
  }

  /**
   * The schedule {@code name}, preceded by a linear warm-up when {@code cfg.warmupSteps() > 0}.
   *
   * @param name one of {@link #NAMES}; case and surrounding blanks are ignored
   * @throws IllegalArgumentException for an unknown name (the message lists {@link #NAMES}), or
   *     a value the schedule needs that is unset or inconsistent: "step" needs stepSize &gt; 0,
   *     "cosine" needs decaySteps &gt; 0 and minLr ≤ baseLr
   */
  public static LrSchedule create(String name, ScheduleConfig cfg) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    LrSchedule main = switch (key) {
      case CONSTANT -> new Constant(cfg.baseLr());
      case STEP -> {
        if (cfg.stepSize() <= 0) {
          throw new IllegalArgumentException("stepSize: schedule 'step' expected a value > 0, found "
              + cfg.stepSize());
        }
        yield new Step(cfg.baseLr(), cfg.stepSize(), cfg.gamma());
      }
      case COSINE -> {
        if (cfg.decaySteps() <= 0) {
          throw new IllegalArgumentException("decaySteps: schedule 'cosine' expected a value > 0, found "
              + cfg.decaySteps());
        }
        if (cfg.minLr() > cfg.baseLr()) {
          throw new IllegalArgumentException("minLr: schedule 'cosine' expected a value <= baseLr = "
              + cfg.baseLr() + ", found " + cfg.minLr());
        }
        yield new Cosine(cfg.baseLr(), cfg.minLr(), cfg.decaySteps());
      }
      default -> throw new IllegalArgumentException(
          "Unknown learning-rate schedule '" + name + "'; expected one of " + NAMES);
    };
    return cfg.warmupSteps() > 0 ? new Warmup(main, cfg.warmupSteps()) : main;
  }

  static void checkStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("lr: expected a step index >= 0, found " + step);
    }
  }

  /** main(s) = η. */
  record Constant(double baseLr) implements LrSchedule {
    @Override
    public double lr(long step) {
      checkStep(step);
      return baseLr;
    }
  }

  /** main(s) = η·γ^⌊s / stepSize⌋; StrictMath so the bits never depend on the JVM mode. */
  record Step(double baseLr, long stepSize, double gamma) implements LrSchedule {
    @Override
    public double lr(long step) {
      checkStep(step);
      return baseLr * StrictMath.pow(gamma, (double) (step / stepSize));
    }
  }

  /** main(s) = η_min + (η − η_min)·(1 + cos(π·s/T))/2 for s &lt; T, η_min for s ≥ T. */
  record Cosine(double baseLr, double minLr, long decaySteps) implements LrSchedule {
    @Override
    public double lr(long step) {
      checkStep(step);
      if (step >= decaySteps) {
        return minLr;
      }
      double cos = StrictMath.cos(Math.PI * step / decaySteps);
      return minLr + (baseLr - minLr) * 0.5 * (1.0 + cos);
    }
  }

  /** η_t = main(0)·(t+1)/W for t &lt; W, then main(t − W). */
  record Warmup(LrSchedule main, long warmupSteps) implements LrSchedule {
    @Override
    public double lr(long step) {
      checkStep(step);
      if (step < warmupSteps) {
        return main.lr(0) * (step + 1) / warmupSteps;
      }
      return main.lr(step - warmupSteps);
    }
  }
}
