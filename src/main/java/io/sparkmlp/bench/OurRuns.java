package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.Evaluation;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
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

  /**
   * Throughput: samples/s of each timed epoch (steps only, no validation), after the untimed
   * warm-up epochs, and the timed epochs' steps.
   */
  record Throughput(Precision precision, int batchSize, int warmupPasses, double[] epochSamplesPerSecond,
      List<StepInfo> steps) {
    double samplesPerSecond() { return Stats.median(epochSamplesPerSecond); }
  }

  /** One validation-accuracy check after global step {@code step}: clock seconds (evaluation excluded). */
  record Check(int epoch, long step, double seconds, double accuracy) {}

  /**
   * Time to accuracy over one whole run of the config: every check; {@code held} the index of the
   * first check at the target that every later one keeps (-1: none), {@code touched} that of the
   * first at it; {@code packSeconds} (inside the clock) turned the cached frame into packed
   * blocks; {@code evaluationSeconds} were spent on the validation split and are outside the
   * clock; {@code testAccuracy} is the final model's, on the test set, measured once.
   */
  record TimeToAccuracy(Precision precision, List<Check> checks, int held, int touched, double packSeconds,
      double evaluationSeconds, int batchSize, int stepsPerEpoch, int checkEvery, double testAccuracy,
      double computeMillis) {
    /** Its lower bound: the steps to the holding check × (its median compute + {@code floorMs}), seconds. */
    double boundSeconds(double floorMs) {
      return held >= 0 ? checks.get(held).step() * (computeMillis + floorMs) / 1000 : Double.NaN;
    }

    boolean reached() { return held >= 0; }
    double seconds() { return held >= 0 ? checks.get(held).seconds() : checks.isEmpty() ? 0 : last().seconds(); }
    Check last() { return checks.get(checks.size() - 1); }
  }

  /** What runs on the packed training data of a throughput run, after its fit, before it is unpersisted. */
  interface AfterFit {
    void on(PackedData<?> data, int params);
  }

  /**
   * {@code warmupPasses} untimed then {@code passes} timed epochs in {@code precision} at batch B;
   * then {@code after} (null: nothing) on the same cached data.
   */
  static Throughput throughput(BenchInput in, BenchSettings s, Precision precision, int batchSize, AfterFit after) {
    int warmup = s.warmupPasses;
    TrainConfig cfg = config(s, precision).set(MAX_EPOCHS, warmup + s.passes).set(BATCH_SIZE, batchSize);
    List<StepInfo> steps = new ArrayList<>();
    List<EpochRecord> epochs = new ArrayList<>();
    PackedData<?> data = in.packTrain(precision.kernels());
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      FitPlan plan = plan(in, cfg, data, false);
      plan.trainer(jsc, data, null, cfg, null, new TrainingListener() {
        @Override public void onStep(StepInfo step) {
          if (step.epoch() > warmup) {
            steps.add(step);
          }
        }
        @Override public void onEpoch(EpochRecord e) {
          if (e.epoch() > warmup) {
            epochs.add(e);
          }
        }
      }).fit();
      if (after != null) {
        after.on(data, plan.arch().numParams());
      }
    } finally {
      data.unpersist();
    }
    double[] sps = epochs.stream().mapToDouble(EpochRecord::samplesPerSecond).toArray();
    return new Throughput(precision, cfg.get(BATCH_SIZE), warmup, sps, steps);
  }

  /** {@code warmupPasses} untimed epochs of the config, in its precision, on the same input. */
  static void warmUp(BenchInput in, BenchSettings s) {
    TrainConfig cfg = config(s, Precision.fromName(s.ours.get(PRECISION))).set(MAX_EPOCHS, s.warmupPasses);
    PackedData<?> data = in.packTrain(Precision.fromName(s.ours.get(PRECISION)).kernels());
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      plan(in, cfg, data, false).trainer(jsc, data, null, cfg, null, new TrainingListener() {}).fit();
    } finally {
      data.unpersist();
    }
  }

  /**
   * One whole run of the config (all its epochs), from fit start (packing the cached frame
   * included, as MLlib's fit converts it too), its validation accuracy checked every
   * {@code checkEvery} steps and at each epoch's end; each evaluation, from the step before it
   * to its callback, stops the clock. The time to accuracy is the clock at the first check that
   * every later check keeps at the target. The final model then meets the test set once.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s) {
    return timeToAccuracy(in, s, s.ours);
  }

  /** {@link #timeToAccuracy(BenchInput, BenchSettings)} with {@code ours} for the config's recipe. */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s, TrainConfig ours) {
    return timeToAccuracy(in, s, ours, Precision.fromName(ours.get(PRECISION)).kernels());
  }

  /** In k's precision (one A for all sets). */
  private static <A> TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s, TrainConfig ours, Kernels<A> k) {
    Precision p = k.precision();
    TrainConfig cfg = ours.copy().set(PRECISION, p.id()).set(VALIDATION_FRACTION, 0.0).setCheckpointDir(null)
        .set(VALIDATE_EVERY_STEPS, s.checkEvery);
    PackedData<A> validation = in.packValidation(k);
    AccuracyClock clock = new AccuracyClock();
    PackedData<A> train = in.packTrain(k);
    double packSeconds = (System.nanoTime() - clock.start) / 1e9;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
    double testAccuracy;
    try {
      FitPlan plan = plan(in, cfg, train, true);
      TrainingResult result = plan.trainer(jsc, train, validation, cfg, null, clock).fit();
      testAccuracy = testAccuracy(in, jsc, k, plan, result, cfg);
    } finally {
      train.unpersist();
      validation.unpersist();
    }
    double[] acc = clock.checks.stream().mapToDouble(Check::accuracy).toArray();
    return new TimeToAccuracy(p, clock.checks, Hold.firstHeld(acc, s.targetAccuracy),
        Hold.firstTouch(acc, s.targetAccuracy), packSeconds, clock.pausedNanos / 1e9,
        cfg.get(BATCH_SIZE), clock.stepsPerEpoch, s.checkEvery, testAccuracy, Stats.median(clock.computeMillis));
  }

  /** The final θ's accuracy on the test set: the one time the test set is used. */
  private static <A> double testAccuracy(BenchInput in, JavaSparkContext jsc, Kernels<A> k, FitPlan plan,
      TrainingResult result, TrainConfig cfg) {
    PackedData<A> test = in.packTest(k);
    jsc.setJobDescription("benchmark: sparkmlp's final model on the test set (not timed)");
    try {
      return Evaluation.evaluate(jsc, test, plan.arch(), result.theta(), null, cfg.get(BLOCK_SIZE)).accuracy();
    } finally {
      jsc.setJobDescription(null);
      test.unpersist();
    }
  }

  /** Our config in {@code precision}, with no hold-out of its own (the input's is used) and no checkpoints. */
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
    final List<Check> checks = new ArrayList<>();
    /** Each step's engine time (the slowest partition's), milliseconds. */
    final List<Double> computeMillis = new ArrayList<>();
    long lastStep;
    long pausedNanos;
    int stepsPerEpoch;

    @Override
    public void onStep(StepInfo step) {
      lastStep = System.nanoTime();
      stepsPerEpoch = step.stepsPerEpoch();
      computeMillis.add(step.computeMillis());
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
      LOG.info("ours: epoch {}, step {}, {} s, validation accuracy {}", epoch, step,
          String.format("%.2f", seconds), String.format("%.4f", accuracy));
    }
  }
}
