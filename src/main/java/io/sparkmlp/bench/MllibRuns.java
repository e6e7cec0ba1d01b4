package io.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} on the same cached input, with its own
 * defaults (sigmoid hidden layers, softmax output, float64) and our layer sizes; blockSize 128
 * (its default) unless swept. It computes with the same BLAS as ours ({@link MllibBlas}).
 */
final class MllibRuns {
  private static final Logger LOG = LoggerFactory.getLogger(MllibRuns.class);
  private static final String GROUP = "sparkmlp-benchmark-mllib";
  /** MLlib's own default blockSize. */
  static final int DEFAULT_BLOCK_SIZE = 128;

  private MllibRuns() {}

  /** Throughput at one blockSize: seconds of each timed pass (after {@code warmupPasses} untimed ones). */
  record Throughput(int blockSize, int warmupPasses, double[] passSeconds, long rows) {
    double medianSeconds() { return Stats.median(passSeconds); }
    double samplesPerSecond() { return rows / medianSeconds(); }
  }

  /** One fresh L-BFGS fit of {@code iterations} (it ran {@code ran}): its fit seconds and validation accuracy. */
  record Probe(int iterations, int ran, double fitSeconds, double accuracy) {}

  /** What the probes establish about MLlib's time to the target accuracy. */
  enum Bound {
    /** The first checkpoint (a multiple of check-every) that holds the target is known: an exact figure. */
    EXACT,
    /** No probe held the target within the budget: the time is more than the figure. */
    LOWER,
    /** A probe held it, but the budget ran out before the one a checkpoint earlier was probed. */
    UPPER
  }

  /**
   * Time to accuracy: every probe, in the order run; {@code seconds} and {@code iterations} per
   * {@code bound}; {@code heldThrough} the last checkpoint probed (the run's end), whose model
   * met the test set once ({@code testAccuracy}).
   */
  record TimeToAccuracy(int blockSize, List<Probe> probes, Bound bound, double seconds, int iterations,
      int heldThrough, int checkEvery, double budgetSeconds, double evaluationSeconds, double testAccuracy) {
    boolean reached() { return bound != Bound.LOWER; }
  }

  /** {@code solver=gd} at every blockSize of {@code s.mllibBlockSizes}, in order. */
  static List<Throughput> throughputSweep(BenchInput in, BenchSettings s) throws InterruptedException {
    List<Throughput> all = new ArrayList<>();
    for (int b : s.mllibBlockSizes) {
      all.add(throughput(in, s, b));
    }
    return all;
  }

  /** The fastest of a sweep. */
  static Throughput best(List<Throughput> sweep) {
    return sweep.stream().max(java.util.Comparator.comparingDouble(Throughput::samplesPerSecond)).orElseThrow();
  }

  /** {@code warmupPasses} untimed gd passes (and the first iteration, which stacks the blocks), at blockSize 128. */
  static void warmUp(BenchInput in, BenchSettings s) {
    SparkContext sc = in.spark.sparkContext();
    sc.setJobDescription("benchmark: MLlib MLP gd warm-up (not timed)");
    try {
      classifier(in, s).setSolver("gd").setMaxIter(s.warmupPasses + 1).fit(in.train);
    } finally {
      sc.setJobDescription(null);
    }
  }

  /**
   * {@code solver=gd}, maxIter = warm-up + passes + 1: each iteration is one gradient over all
   * rows, one treeAggregate job. A pass is timed from the end of one iteration's job to the end
   * of the next (so it includes the driver's update); the first iteration, which also caches
   * MLlib's stacked blocks, only starts the clock, and the next {@code warmupPasses} are untimed.
   */
  static Throughput throughput(BenchInput in, BenchSettings s, int blockSize) throws InterruptedException {
    SparkContext sc = in.spark.sparkContext();
    int jobs = s.warmupPasses + s.passes + 1;
    MultilayerPerceptronClassifier mlp = classifier(in, s).setBlockSize(blockSize).setSolver("gd").setMaxIter(jobs);
    List<JobClock.Job> ended;
    try (JobClock clock = new JobClock(sc, GROUP)) {
      sc.setJobGroup(GROUP, "benchmark: MLlib MLP gd throughput, blockSize " + blockSize, false);
      try {
        mlp.fit(in.train);
      } finally {
        sc.clearJobGroup();
      }
      ended = clock.ended("treeAggregate at GradientDescent", jobs);
    }
    if (ended.size() < jobs) {
      throw new IllegalStateException("expected " + jobs + " treeAggregate jobs from MLlib's GradientDescent, saw "
          + ended.size());
    }
    // exactly `passes` timed passes, as ours has (Spark 4.0.1 runs one job more than maxIter)
    double[] pass = new double[s.passes];
    for (int i = 0; i < pass.length; i++) {
      int j = i + 1 + s.warmupPasses;
      pass[i] = (ended.get(j).endMillis() - ended.get(j - 1).endMillis()) / 1e3;
    }
    return new Throughput(blockSize, s.warmupPasses, pass, in.trainRows);
  }

  /**
   * {@code solver=l-bfgs}, its validation accuracy at checkpoints every {@code mllibCheckEvery}
   * iterations of one continuous fit. MLlib's fit reports no progress, and refitting from the
   * last model's weights would restart L-BFGS without its curvature pairs (measured: far slower
   * to converge), so checkpoint N is a fresh fit of maxIter = N with the same seed, which runs
   * the same first N iterations (a treeAggregate over 2 partitions sums in a fixed order). The
   * time to accuracy is the fit time of the first checkpoint at the target after which every
   * later probed checkpoint stays there ({@link #next}), within a budget of
   * {@code mllibMaxSeconds} of fitting over all probes. The last checkpoint probed is the run's
   * end; its model meets the test set once.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s, int blockSize) {
    SparkContext sc = in.spark.sparkContext();
    int step = s.mllibCheckEvery;
    List<Probe> probes = new ArrayList<>();
    double spent = 0;
    double evalSeconds = 0;
    long iterationsRun = 0;
    MultilayerPerceptronClassificationModel end = null;
    for (int n = next(probes, s); n > 0; n = next(probes, s)) {
      double perIteration = iterationsRun == 0 ? 0 : spent / iterationsRun;
      if (!probes.isEmpty() && spent + perIteration * n > s.mllibMaxSeconds) {
        break;
      }
      sc.setJobDescription("benchmark: MLlib MLP l-bfgs, a fresh fit of " + n + " iterations");
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = classifier(in, s).setBlockSize(blockSize).setSolver("l-bfgs")
          .setMaxIter(n).fit(in.train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      double acc = accuracy(sc, model, in.validation, "validation split");
      evalSeconds += (System.nanoTime() - t1) / 1e9;
      int fitted = n;
      if (probes.stream().allMatch(p -> p.iterations() < fitted)) {
        end = model;
      }
      probes.add(new Probe(n, model.summary().totalIterations(), seconds, acc));
      spent += seconds;
      iterationsRun += n;
      LOG.info("MLlib l-bfgs: a fresh fit of {} iterations took {} s, validation accuracy {}", n,
          String.format("%.1f", seconds), String.format("%.4f", acc));
    }
    double test = accuracy(sc, end, in.test, "test set");
    TreeMap<Integer, Probe> at = byIterations(probes);
    Integer held = firstHeld(at, s.targetAccuracy);
    if (held == null) {
      Probe last = at.lastEntry().getValue();
      return new TimeToAccuracy(blockSize, probes, Bound.LOWER, last.fitSeconds(), last.iterations(),
          last.iterations(), step, s.mllibMaxSeconds, evalSeconds, test);
    }
    boolean exact = held <= step || at.containsKey(held - step);
    return new TimeToAccuracy(blockSize, probes, exact ? Bound.EXACT : Bound.UPPER, at.get(held).fitSeconds(), held,
        at.lastKey(), step, s.mllibMaxSeconds, evalSeconds, test);
  }

  /**
   * The next checkpoint to probe, or 0 when the probes settle it: the first probe at
   * {@code mllibFirstProbe} (rounded up to a checkpoint); while no probed checkpoint holds the
   * target, one past the last; then the checkpoint just before the first holding one, until it
   * is known; then one {@code mllibHoldIterations} past it, so that holding is checked beyond it.
   */
  static int next(List<Probe> probes, BenchSettings s) {
    int step = s.mllibCheckEvery;
    if (probes.isEmpty()) {
      return Math.max(step, roundUp(s.mllibFirstProbe, step));
    }
    TreeMap<Integer, Probe> at = byIterations(probes);
    Integer held = firstHeld(at, s.targetAccuracy);
    if (held == null) {
      return at.lastKey() + step;
    }
    if (held > step && !at.containsKey(held - step)) {
      return held - step;
    }
    int hold = roundUp(held + s.mllibHoldIterations, step);
    return at.lastKey() < hold ? hold : 0;
  }

  /** The smallest probed checkpoint at the target with every larger probed one at it too, or null. */
  private static Integer firstHeld(TreeMap<Integer, Probe> at, double target) {
    Integer held = null;
    for (Probe p : at.descendingMap().values()) {
      if (p.accuracy() < target) {
        break;
      }
      held = p.iterations();
    }
    return held;
  }

  private static TreeMap<Integer, Probe> byIterations(List<Probe> probes) {
    TreeMap<Integer, Probe> m = new TreeMap<>();
    probes.forEach(p -> m.put(p.iterations(), p));
    return m;
  }

  private static int roundUp(int n, int step) {
    return (n + step - 1) / step * step;
  }

  private static double accuracy(SparkContext sc, MultilayerPerceptronClassificationModel model, Dataset<Row> data,
      String what) {
    sc.setJobDescription("benchmark: MLlib MLP accuracy on the " + what + " (not timed)");
    try {
      return new MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol("label")
          .setPredictionCol("prediction").evaluate(model.transform(data));
    } finally {
      sc.setJobDescription(null);
    }
  }

  /** Our layer sizes and seed, MLlib's defaults for everything else (blockSize 128). */
  private static MultilayerPerceptronClassifier classifier(BenchInput in, BenchSettings s) {
    return new MultilayerPerceptronClassifier()
        .setLayers(OurRuns.layers(in.features, in.classes, s.ours))
        .setBlockSize(DEFAULT_BLOCK_SIZE)
        .setFeaturesCol("features")
        .setLabelCol("label")
        .setSeed(s.seed());
  }
}
