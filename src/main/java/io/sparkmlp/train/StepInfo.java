package io.sparkmlp.train;

/**
 * What one training step did, for progress and diagnostics. Times in milliseconds, which add up
 * to the step's wall time on the driver:
 * <ul>
 *   <li>{@code broadcastMillis}: θ to the engine's precision and into a broadcast;
 *   <li>{@code jobMillis}: the Spark job, from submission to the driver holding the combined
 *       sums. Inside it: {@code computeMillis}, the slowest partition's engine time;
 *       {@code aggregationMillis}, from the end of the last partition's engine work to the
 *       driver holding the sum (result serialization, transfer, the ordered combine); the rest
 *       ({@link #schedulingMillis}) is task launch, task and broadcast fetch, and waiting;
 *   <li>{@code updateMillis}: the driver's normalize, checks, clipping and optimizer update.
 * </ul>
 * {@code aggregationMillis} compares the executor's {@link System#nanoTime()} with the driver's,
 * one clock only when they share a host (local mode, or a cluster on one machine); elsewhere,
 * when the difference falls outside [0, jobMillis], it is NaN.
 *
 * <p>Built with {@link #builder()}, every component by name; the components come in three
 * groups: where the step is, what it computed, and what it cost.
 */
public record StepInfo(
    // position: 1-based epoch of maxEpochs, 1-based step of stepsPerEpoch, steps taken so far
    int epoch,
    int maxEpochs,
    int step,
    int stepsPerEpoch,
    long globalStep,
    // figures: the batch's rows B, its mean loss, ‖g‖ before clipping, ‖∂L/∂W_l‖ per layer, η
    int rows,
    double loss,
    double gradNorm,
    double[] layerGradNorms,
    double learningRate,
    // timing, in milliseconds (see above)
    double broadcastMillis,
    double jobMillis,
    double computeMillis,
    double aggregationMillis,
    double updateMillis) {

  /** A builder with nothing set; {@link Builder#build()} requires every component. */
  public static Builder builder() {
    return new Builder();
  }

  /** Wall time of the whole step. */
  public double stepMillis() {
    return broadcastMillis + jobMillis + updateMillis;
  }

  /** Everything in the step that is not the slowest partition's engine work. */
  public double overheadMillis() {
    return stepMillis() - computeMillis;
  }

  /** The job's time outside compute and aggregation (NaN when aggregation is). */
  public double schedulingMillis() {
    return jobMillis - computeMillis - aggregationMillis;
  }

  /** Sets each component of a {@link StepInfo} by name; one setter per component. */
  public static final class Builder {
    private static final String[] NAMES = {"epoch", "maxEpochs", "step", "stepsPerEpoch", "globalStep",
        "rows", "loss", "gradNorm", "layerGradNorms", "learningRate", "broadcastMillis", "jobMillis",
        "computeMillis", "aggregationMillis", "updateMillis"};
    /** Bit i set: component NAMES[i] has been given. */
    private int set;
    private int epoch;
    private int maxEpochs;
    private int step;
    private int stepsPerEpoch;
    private long globalStep;
    private int rows;
    private double loss;
    private double gradNorm;
    private double[] layerGradNorms;
    private double learningRate;
    private double broadcastMillis;
    private double jobMillis;
    private double computeMillis;
    private double aggregationMillis;
    private double updateMillis;

    private Builder() {}

    private Builder mark(int i) {
      set |= 1 << i;
      return this;
    }

    public Builder epoch(int v) { epoch = v; return mark(0); }

    public Builder maxEpochs(int v) { maxEpochs = v; return mark(1); }

    public Builder step(int v) { step = v; return mark(2); }

    public Builder stepsPerEpoch(int v) { stepsPerEpoch = v; return mark(3); }

    public Builder globalStep(long v) { globalStep = v; return mark(4); }

    public Builder rows(int v) { rows = v; return mark(5); }

    public Builder loss(double v) { loss = v; return mark(6); }

    public Builder gradNorm(double v) { gradNorm = v; return mark(7); }

    /** Kept by reference, not copied. */
    public Builder layerGradNorms(double[] v) { layerGradNorms = v; return mark(8); }

    public Builder learningRate(double v) { learningRate = v; return mark(9); }

    public Builder broadcastMillis(double v) { broadcastMillis = v; return mark(10); }

    public Builder jobMillis(double v) { jobMillis = v; return mark(11); }

    public Builder computeMillis(double v) { computeMillis = v; return mark(12); }

    public Builder aggregationMillis(double v) { aggregationMillis = v; return mark(13); }

    public Builder updateMillis(double v) { updateMillis = v; return mark(14); }

    /** @throws IllegalStateException naming the components that were not set */
    public StepInfo build() {
      if (set != (1 << NAMES.length) - 1) {
        StringBuilder missing = new StringBuilder();
        for (int i = 0; i < NAMES.length; i++) {
          if ((set & (1 << i)) == 0) {
            missing.append(missing.length() == 0 ? "" : ", ").append(NAMES[i]);
          }
        }
        throw new IllegalStateException("StepInfo: expected all " + NAMES.length
            + " components set, missing " + missing);
      }
      return new StepInfo(epoch, maxEpochs, step, stepsPerEpoch, globalStep, rows, loss, gradNorm,
          layerGradNorms, learningRate, broadcastMillis, jobMillis, computeMillis, aggregationMillis,
          updateMillis);
    }
  }
}
