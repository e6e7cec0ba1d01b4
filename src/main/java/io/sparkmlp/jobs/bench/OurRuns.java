package io.sparkmlp.jobs.bench;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.EpochRecord;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import io.sparkmlp.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Our trainer ({@link Trainer}) on the benchmark's input, with {@link OurMnistConfig}. */
final class OurRuns {
  private static final Logger LOG = LoggerFactory.getLogger(OurRuns.class);

  private OurRuns() {}

  /** Throughput: samples/s of each epoch (steps only, no validation) and every step's timing. */
  record Throughput(Precision precision, int batchSize, double[] epochSamplesPerSecond,
      List<StepInfo> steps) {
    double samplesPerSecond() { return Stats.median(epochSamplesPerSecond); }
  }

  /** One accuracy check at an epoch's end: clock seconds (evaluation excluded) and test accuracy. */
  record Check(int epoch, double seconds, double accuracy) {}

  /**
   * Time to accuracy: the checks; {@code reached} false when maxEpochs ran out first;
   * {@code packSeconds} (inside the clock) turned the cached frame into packed blocks;
   * {@code evaluationSeconds} were spent on the test set and are outside the clock.
   */
  record TimeToAccuracy(List<Check> checks, boolean reached, double packSeconds,
      double evaluationSeconds, int batchSize, int stepsPerEpoch) {
    double seconds() { return checks.isEmpty() ? 0 : checks.get(checks.size() - 1).seconds(); }
  }

  /** {@code passes} epochs in {@code precision}, timed per epoch. */
  static Throughput throughput(BenchInput in, BenchSettings s, Precision precision) {
    TrainConfig cfg = OurMnistConfig.trainConfig(s, precision.id()).setMaxEpochs(s.passes);
    Architecture arch = OurMnistConfig.architecture(in.features, in.classes, cfg);
    List<StepInfo> steps = new ArrayList<>();
    List<EpochRecord> epochs = new ArrayList<>();
    PackedData<Object> data = in.packTrain(precision);
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      new Trainer<>(jsc, data, null, arch, cfg, null, new TrainingListener() {
        @Override public void onStep(StepInfo step) { steps.add(step); }
        @Override public void onEpoch(EpochRecord e) { epochs.add(e); }
      }).fit();
    } finally {
      data.unpersist();
    }
    double[] sps = epochs.stream().mapToDouble(EpochRecord::samplesPerSecond).toArray();
    return new Throughput(precision, cfg.batchSize(), sps, steps);
  }

  /**
   * From fit start (packing the cached frame included, as MLlib's fit converts it too) until
   * the test accuracy at an epoch's end first reaches the target. The test set is the
   * trainer's validation set; its evaluation, from the last step of an epoch to the epoch's
   * callback, stops the clock.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s) {
    TrainConfig cfg = OurMnistConfig.trainConfig(s, Precision.FLOAT32.id()).setMaxEpochs(s.maxEpochs);
    Architecture arch = OurMnistConfig.architecture(in.features, in.classes, cfg);
    Precision p = Precision.fromName(cfg.precision());
    PackedData<Object> test = in.packTest(p);
    AccuracyClock clock = new AccuracyClock(s.targetAccuracy);
    PackedData<Object> train = in.packTrain(p);
    double packSeconds = (System.nanoTime() - clock.start) / 1e9;
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
      new Trainer<>(jsc, train, test, arch, cfg, null, clock).fit();
    } finally {
      train.unpersist();
      test.unpersist();
    }
    return new TimeToAccuracy(clock.checks, clock.reached, packSeconds, clock.pausedNanos / 1e9,
        cfg.batchSize(), clock.stepsPerEpoch);
  }

  /** Wall clock from its creation, paused while each epoch's validation runs. */
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
    public void onEpoch(EpochRecord e) {
      double seconds = (lastStep - start - pausedNanos) / 1e9;
      pausedNanos += System.nanoTime() - lastStep;
      checks.add(new Check(e.epoch(), seconds, e.validationAccuracy()));
      reached = e.validationAccuracy() >= target;
      LOG.info("ours: epoch {}, {} s, test accuracy {}", e.epoch(), String.format("%.2f", seconds),
          String.format("%.4f", e.validationAccuracy()));
    }

    @Override
    public boolean stopRequested() {
      return reached;
    }
  }
}
