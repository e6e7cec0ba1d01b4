package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.train.TrainConfig;
import java.util.Locale;

/**
 * One MNIST training recipe of the sweep: batch size B, Adam's base η, the linear warm-up, then
 * η × gamma every stepSize steps, for epochs passes. Everything else is {@code conf/mnist.conf}'s
 * (see {@link RecipeSweep#baseConfig}).
 *
 * <p>The step schedule does not depend on the run's length (unlike cosine), and the batch order
 * of epoch e does not depend on how many epochs follow, so a run of E epochs is, bit for bit, the
 * first E epochs of a longer one: {@link RecipeSweep} fits each recipe once and reads the
 * shorter runs off its record.
 *
 * @param stepSize steps between decays, counted after the warm-up (the first decay is at step
 *     warmup + stepSize, 0-based)
 */
public record Recipe(int batch, double lr, int warmup, int stepSize, double gamma, int epochs) {

  public Recipe {
    if (batch < 1 || lr <= 0 || warmup < 0 || stepSize < 1 || gamma <= 0 || epochs < 1) {
      throw new IllegalArgumentException("recipe: expected batch >= 1, lr > 0, warmup >= 0, step size >= 1,"
          + " gamma > 0 and epochs >= 1, found " + this);
    }
  }

  /** Parses {@code B:lr:warmup:stepSize:gamma:epochs}, e.g. {@code 1024:0.02:40:70:0.3:6}. */
  public static Recipe parse(String s) {
    String[] f = s.trim().split(":");
    if (f.length != 6) {
      throw new IllegalArgumentException("recipe '" + s + "': expected B:lr:warmup:stepSize:gamma:epochs,"
          + " e.g. 1024:0.02:40:70:0.3:6, found " + f.length + " fields");
    }
    try {
      return new Recipe(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Integer.parseInt(f[2]),
          Integer.parseInt(f[3]), Double.parseDouble(f[4]), Integer.parseInt(f[5]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("recipe '" + s + "': " + e.getMessage(), e);
    }
  }

  /** The same recipe, run for {@code e} epochs. */
  public Recipe withEpochs(int e) {
    return new Recipe(batch, lr, warmup, stepSize, gamma, e);
  }

  /** {@code base} with this recipe's settings (the step schedule), as a copy. */
  public TrainConfig applyTo(TrainConfig base) {
    return base.copy().set(BATCH_SIZE, batch).set(LEARNING_RATE, lr).set(WARMUP_STEPS, warmup)
        .set(LR_SCHEDULE, "step").set(LR_STEP_SIZE, stepSize).set(LR_GAMMA, gamma).set(MAX_EPOCHS, epochs);
  }

  /** The flags that give this recipe to {@code jobs/train.sh}. */
  public String flags() {
    return String.format(Locale.ROOT, "--batch-size %d --lr %s --warmup-steps %d --lr-step-size %d --lr-gamma %s"
        + " --epochs %d", batch, num(lr), warmup, stepSize, num(gamma), epochs);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d:%s:%d:%d:%s:%d", batch, num(lr), warmup, stepSize, num(gamma), epochs);
  }

  static String num(double v) {
    String s = String.format(Locale.ROOT, "%.6g", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
