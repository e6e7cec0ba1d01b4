package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.ValidationCheck;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Our trainer ({@link Trainer}) on the benchmark's input, with the config of {@link BenchSettings#ours}. */
final class OurRuns {
  private static final Logger LOG = LoggerFactory.getLogger(OurRuns.class);

  private OurRuns() {}

  /** Throughput: samples/s of each epoch (steps only, no validation) and every step's timing. */
  record Throughput(Precision precision, int batchSize, double[] epochSamplesPerSecond,
      List<StepInfo> steps) {
    double samplesPerSecond() { return Stats.median(epochSamplesPerSecond); }
  }

  /** One accuracy check after global step {@code step}: clock seconds (evaluation excluded) and test accuracy. */
  record Check(int epoch, long step, double seconds, double accuracy) {}

  /**
   * Time to accuracy: the checks; {@code reached} false when maxEpochs ran out first;
   * {@code packSeconds} (inside the clock) turned the cached frame into packed blocks;
   * {@code evaluationSeconds} were spent on the test set and are outside the clock.
   */
  record TimeToAccuracy(Precision precision, List<Check> checks, boolean reached, double packSeconds,
      double evaluationSeconds, int batchSize, int stepsPerEpoch, int checkEvery) {
    double seconds() { return checks.isEmpty() ? 0 : checks.get(checks.size() - 1).seconds(); }
  }

  /** {@code passes} epochs in {@code precision} at batch B (the config's otherwise), timed per epoch. */
  static Throughput throughput(BenchInput in, BenchSettings s, Precision precision, int batchSize) {
    TrainConfig cfg = config(s, precision).set(MAX_EPOCHS, s.passes).set(BATCH_SIZE, batchSize);
    List<StepInfo> steps = new ArrayList<>();
    List<EpochRecord> epochs = new ArrayList<>();
    PackedData<?> data = in.packTrain(precision.kernels());
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      plan(in, cfg, data, false).trainer(jsc, data, null, cfg, null, new TrainingListener() {
        @Override public void onStep(StepInfo step) { steps.add(step); }
        @Override public void onEpoch(EpochRecord e) { epochs.add(e); }
      }).fit();
    } finally {
      data.unpersist();
    }
    double[] sps = epochs.stream().mapToDouble(EpochRecord::samplesPerSecond).toArray();
    return new Throughput(precision, cfg.get(BATCH_SIZE), sps, steps);
  }

  /**
   * From fit start (packing the cached frame included, as MLlib's fit converts it too) until
   * the test accuracy first reaches the target, checked every {@code checkEvery} steps and at
   * each epoch's end. The test set is the trainer's validation set; each evaluation, from the
   * step before it to its callback, stops the clock.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s) {
    return timeToAccuracy(in, s, Precision.fromName(s.ours.get(PRECISION)).kernels());
  }

  /** {@link #timeToAccuracy(BenchInput, BenchSettings)} in k's precision (one A for both sets). */
  private static <A> TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s, Kernels<A> k) {
    Precision p = k.precision();
    TrainConfig cfg = config(s, p).set(VALIDATE_EVERY_STEPS, s.checkEvery);
    PackedData<A> test = in.packTest(k);
    AccuracyClock clock = new AccuracyClock(s.targetAccuracy);
    PackedData<A> train = in.packTrain(k);
    double packSeconds = (System.nanoTime() - clock.start) / 1e9;
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      plan(in, cfg, train, true).trainer(jsc, train, test, cfg, null, clock).fit();
    } finally {
      train.unpersist();
      test.unpersist();
    }
    return new TimeToAccuracy(p, clock.checks, clock.reached, packSeconds, clock.pausedNanos / 1e9,
        cfg.get(BATCH_SIZE), clock.stepsPerEpoch, s.checkEvery);
  }

  /** Our config in {@code precision}, with no hold-out and no checkpoints. */
  private static TrainConfig config(BenchSettings s, Precision precision) {
    return s.ours.copy().set(PRECISION, precision.id()).set(VALIDATION_FRACTION, 0.0).setCheckpointDir(null);
  }

  /** d inputs, the config's hidden layers and activation, K identity logits, cross-entropy. */
  private static FitPlan plan(BenchInput in, TrainConfig cfg, PackedData<?> train, boolean validationSet) {
    return FitPlan.of(JavaSparkContext.fromSparkContext(in.spark.sparkContext()), train, in.classes,
        validationSet, cfg, Loss.CROSS_ENTROPY);
  }

  /** The layer widths, input to output: d, the config's hidden layers, K. */
  static int[] layers(int inputs, int classes, TrainConfig cfg) {
    return FitPlan.layerSizes(inputs, cfg.get(HIDDEN_LAYERS), classes);
  }

  /** Wall clock from its creation, paused while each validation runs. */
  private static final class AccuracyClock implements TrainingListener {
    final long start = System.nanoTime();
    final double target;
    final List<Check> checks = new ArrayList<>();
    long lastStep;
    long pausedNanos;
    boolean reached;
    int stepsPerEpoch;

    AccuracyClock(double target) {
      this.target = target;
    }

    @Override
    public void onStep(StepInfo step) {
      lastStep = System.nanoTime();
      stepsPerEpoch = step.stepsPerEpoch();
    }

    @Override
    public void onValidation(ValidationCheck c) {
      check(c.epoch(), c.globalStep(), c.accuracy());
    }

    @Override
    public void onEpoch(EpochRecord e) {
      check(e.epoch(), (long) e.epoch() * stepsPerEpoch, e.validationAccuracy());
    }

    private void check(int epoch, long step, double accuracy) {
      double seconds = (lastStep - start - pausedNanos) / 1e9;
      pausedNanos += System.nanoTime() - lastStep;
      checks.add(new Check(epoch, step, seconds, accuracy));
      reached = accuracy >= target;
      LOG.info("ours: epoch {}, step {}, {} s, test accuracy {}", epoch, step,
          String.format("%.2f", seconds), String.format("%.4f", accuracy));
    }

    @Override
    public boolean stopRequested() {
      return reached;
    }
  }
}
