package io.sparkmlp.report;

import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.ValidationCheck;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress on the console: one progress bar per epoch (step/steps, the running mean of
 * the loss, samples/s, ETA), a line per mid-epoch validation with the training time so far
 * (validation left out), then one summary line per epoch.
 *
 * <p>On a terminal ({@code interactive}) the bar is redrawn in place with {@code \r}; otherwise
 * (a log file, CI) a plain line is printed each time another tenth of the epoch is done, so that
 * logs stay readable. Called on the driver by the Trainer, in order; not thread-safe.
 */
public final class ConsoleProgress implements TrainingListener {
  private static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final boolean interactive;
  private final LongSupplier nanoClock;
  private int maxEpochs;
  private int epoch = -1;
  private long lastEventNanos;
  private long epochStartNanos;
  private int firstStep;
  private double lossSum;
  private long rows;
  private int printedTenths;
  private int drawnWidth;
  /** When training started, and the time since spent in validation: the training clock. */
  private long startNanos;
  private long validationNanos;

  /**
   * @param interactive true to redraw one line with {@code \r} (when {@code System.console()}
   *     is not null), false for a plain line about every 10% of an epoch
   */
  public ConsoleProgress(PrintWriter out, boolean interactive) {
    this(out, interactive, System::nanoTime);
  }

  ConsoleProgress(PrintWriter out, boolean interactive, LongSupplier nanoClock) {
    this.out = out;
    this.interactive = interactive;
    this.nanoClock = nanoClock;
    this.lastEventNanos = nanoClock.getAsLong();
    this.startNanos = lastEventNanos;
  }

  @Override
  public void onStart(String description) {
    out.println("training: " + description);
    out.flush();
    lastEventNanos = nanoClock.getAsLong();
    startNanos = lastEventNanos;
    validationNanos = 0;
  }

  @Override
  public void onStep(StepInfo s) {
    if (s.epoch() != epoch) {
      epoch = s.epoch();
      maxEpochs = s.maxEpochs();
      epochStartNanos = lastEventNanos;
      firstStep = s.step();
      lossSum = 0;
      rows = 0;
      printedTenths = (int) ((long) (s.step() - 1) * 10 / s.stepsPerEpoch());
      drawnWidth = 0;
    }
    if (!Double.isNaN(s.loss())) { // NaN: a batch of weight 0, skipped
      lossSum += s.loss() * s.rows();
      rows += s.rows();
    }
    long now = nanoClock.getAsLong();
    lastEventNanos = now;
    String line = line(s, (now - epochStartNanos) / 1e9);
    if (interactive) {
      out.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
      drawnWidth = line.length();
      out.flush();
    } else {
      int tenths = (int) ((long) s.step() * 10 / s.stepsPerEpoch());
      if (tenths > printedTenths || s.step() == s.stepsPerEpoch()) {
        printedTenths = tenths;
        out.println(line);
        out.flush();
      }
    }
  }

  @Override
  public void onValidation(ValidationCheck c) {
    if (interactive && drawnWidth > 0) {
      out.println();
      drawnWidth = 0;
    }
    // the training clock stops at the last step, before this validation ran
    double trained = (lastEventNanos - startNanos - validationNanos) / 1e9;
    out.println(String.format(Locale.ROOT, "epoch %d/%d, step %d/%d: validation loss %.4f %s (after %.2f s of training)",
        c.epoch(), maxEpochs, c.step(), c.stepsPerEpoch(), c.loss(), Double.isNaN(c.accuracy())
            ? String.format(Locale.ROOT, "rmse %.4f", c.rmse())
            : String.format(Locale.ROOT, "acc %.2f%%", 100 * c.accuracy()), trained));
    out.flush();
    long now = nanoClock.getAsLong();
    validationNanos += now - lastEventNanos;
    epochStartNanos += now - lastEventNanos; // the epoch's samples/s and ETA leave validation out
    lastEventNanos = now;
  }

  @Override
  public void onEpoch(EpochRecord e) {
    if (interactive && drawnWidth > 0) {
      out.println();
    }
    out.println(summary(e, maxEpochs));
    out.flush();
    long now = nanoClock.getAsLong();
    validationNanos += now - lastEventNanos; // the epoch's validation and bookkeeping, not training
    lastEventNanos = now;
  }

  private String line(StepInfo s, double seconds) {
    int done = s.step() - firstStep + 1;
    double eta = done > 0 ? seconds / done * (s.stepsPerEpoch() - s.step()) : Double.NaN;
    String frac = interactive ? bar(s.step(), s.stepsPerEpoch())
        : String.format(Locale.ROOT, "%3d%%", 100L * s.step() / s.stepsPerEpoch());
    return String.format(Locale.ROOT, "epoch %d/%d %s %d/%d  loss %.4f  %,.0f samples/s  ETA %s",
        s.epoch(), s.maxEpochs(), frac, s.step(), s.stepsPerEpoch(), lossSum / rows,
        seconds > 0 ? rows / seconds : 0.0, duration(eta));
  }

  private static String bar(int step, int steps) {
    int filled = (int) ((long) step * BAR_WIDTH / steps);
    return "[" + "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "") + "]";
  }

  /** The one-line summary of an epoch, e.g. {@code epoch 3/10: train loss 0.0812 acc 97.51% | …}. */
  public static String summary(EpochRecord e, int maxEpochs) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d: train loss %.4f",
        e.epoch(), maxEpochs, e.trainLoss()));
    boolean classification = !Double.isNaN(e.trainAccuracy());
    if (classification) {
      sb.append(String.format(Locale.ROOT, " acc %.2f%%", 100 * e.trainAccuracy()));
    } else {
      sb.append(String.format(Locale.ROOT, " rmse %.4f", e.trainRmse()));
    }
    if (!Double.isNaN(e.validationLoss())) {
      sb.append(String.format(Locale.ROOT, " | validation loss %.4f", e.validationLoss()));
      sb.append(classification ? String.format(Locale.ROOT, " acc %.2f%%", 100 * e.validationAccuracy())
          : String.format(Locale.ROOT, " rmse %.4f", e.validationRmse()));
    }
    return sb.append(String.format(Locale.ROOT, " | %,.0f samples/s | %.1f s", e.samplesPerSecond(),
        e.seconds())).toString();
  }

  /** Seconds as {@code m:ss} (or {@code h:mm:ss}); {@code ?} when unknown. */
  static String duration(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
