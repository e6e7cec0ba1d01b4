package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} on the same cached input, with its own
 * defaults (sigmoid hidden layers, softmax output, blockSize 128, float64) and our layer sizes.
 */
final class MllibRuns {
  private static final Logger LOG = LoggerFactory.getLogger(MllibRuns.class);
  private static final String GROUP = "sparkmlp-benchmark-mllib";

  private MllibRuns() {}

  /** Throughput: seconds of each full pass. */
  record Throughput(double[] passSeconds, long rows) {
    double medianSeconds() { return Stats.median(passSeconds); }
    double samplesPerSecond() { return rows / medianSeconds(); }
  }

  /** One fresh L-BFGS fit of {@code iterations} (it ran {@code ran}): its fit seconds and test accuracy. */
  record Probe(int iterations, int ran, double fitSeconds, double accuracy) {}

  /** What the probes establish about MLlib's time to the target accuracy. */
  enum Bound {
    /** The first checkpoint (a multiple of check-every) at the target is known: an exact figure. */
    EXACT,
    /** No probe reached the target within the budget: the time is more than the figure. */
    LOWER,
    /** A probe reached it, but the budget ran out before the one a checkpoint earlier was probed. */
    UPPER
  }

  /** Time to accuracy: every probe, in the order run; {@code seconds} and {@code iterations} per {@code bound}. */
  record TimeToAccuracy(List<Probe> probes, Bound bound, double seconds, int iterations,
      int checkEvery, double budgetSeconds, double evaluationSeconds) {
    boolean reached() { return bound != Bound.LOWER; }
  }

  /**
   * {@code solver=gd}, maxIter = passes + 1: each iteration is one gradient over all rows, one
   * treeAggregate job. A pass is timed from the end of one iteration's job to the end of the
   * next (so it includes the driver's update); the first iteration, which also caches MLlib's
   * stacked blocks, only starts the clock.
   */
  static Throughput throughput(BenchInput in, BenchSettings s) throws InterruptedException {
    SparkContext sc = in.spark.sparkContext();
    MultilayerPerceptronClassifier mlp = classifier(in, s).setSolver("gd").setMaxIter(s.passes + 1);
    List<JobClock.Job> jobs;
    try (JobClock clock = new JobClock(sc, GROUP)) {
      sc.setJobGroup(GROUP, "benchmark: MLlib MLP gd throughput", false);
      try {
        mlp.fit(in.train);
      } finally {
        sc.clearJobGroup();
      }
      jobs = clock.ended("treeAggregate at GradientDescent", s.passes + 1);
    }
    if (jobs.size() < 2) {
      throw new IllegalStateException("expected " + (s.passes + 1)
          + " treeAggregate jobs from MLlib's GradientDescent, saw " + jobs.size());
    }
    double[] pass = new double[jobs.size() - 1];
    for (int i = 1; i < jobs.size(); i++) {
      pass[i - 1] = (jobs.get(i).endMillis() - jobs.get(i - 1).endMillis()) / 1e3;
    }
    return new Throughput(pass, in.trainRows);
  }

  /**
   * {@code solver=l-bfgs}, its test accuracy checked every {@code mllibCheckEvery} iterations of
   * one continuous fit. MLlib's fit reports no progress, and refitting from the last model's
   * weights would restart L-BFGS without its curvature pairs (measured: far slower to
   * converge), so checkpoint N is a fresh fit of maxIter = N with the same seed, which runs the
   * same first N iterations (a treeAggregate over 2 partitions sums in a fixed order). The time
   * to accuracy is the fit time of the first checkpoint at the target. Probes start at
   * {@code mllibFirstProbe} and walk down (or up) one checkpoint at a time until a checkpoint
   * at the target follows one below it, within a budget of {@code mllibMaxSeconds} of fitting
   * over all probes.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s) {
    SparkContext sc = in.spark.sparkContext();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy").setLabelCol("label").setPredictionCol("prediction");
    int step = s.mllibCheckEvery;
    List<Probe> probes = new ArrayList<>();
    double spent = 0;
    double evalSeconds = 0;
    long iterationsRun = 0;
    int below = 0;         // the largest checkpoint known below the target (0: none)
    Probe at = null;       // the smallest checkpoint known at the target
    while (at == null || at.iterations() - below > step) {
      int n = at != null ? at.iterations() - step
          : probes.isEmpty() ? Math.max(step, (s.mllibFirstProbe + step - 1) / step * step) : below + step;
      double perIteration = iterationsRun == 0 ? 0 : spent / iterationsRun;
      if (!probes.isEmpty() && spent + perIteration * n > s.mllibMaxSeconds) {
        break;
      }
      sc.setJobDescription("benchmark: MLlib MLP l-bfgs, a fresh fit of " + n + " iterations");
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = classifier(in, s).setSolver("l-bfgs").setMaxIter(n).fit(in.train);
      double seconds = (System.nanoTime() - t0) / 1e9;
      sc.setJobDescription("benchmark: MLlib MLP test accuracy (not timed)");
      long t1 = System.nanoTime();
      double acc = accuracy.evaluate(model.transform(in.test));
      evalSeconds += (System.nanoTime() - t1) / 1e9;
      sc.setJobDescription(null);
      Probe p = new Probe(n, model.summary().totalIterations(), seconds, acc);
      probes.add(p);
      spent += seconds;
      iterationsRun += n;
      LOG.info("MLlib l-bfgs: a fresh fit of {} iterations took {} s, test accuracy {}", n,
          String.format("%.1f", seconds), String.format("%.4f", acc));
      if (acc >= s.targetAccuracy) {
        at = p;
      } else {
        below = Math.max(below, n);
      }
    }
    if (at == null) {
      final int highest = below;
      Probe best = probes.stream().filter(p -> p.iterations() == highest).findFirst().orElseThrow();
      return new TimeToAccuracy(probes, Bound.LOWER, best.fitSeconds(), highest, step, s.mllibMaxSeconds, evalSeconds);
    }
    return new TimeToAccuracy(probes, at.iterations() - below <= step ? Bound.EXACT : Bound.UPPER,
        at.fitSeconds(), at.iterations(), step, s.mllibMaxSeconds, evalSeconds);
  }

  /** Our layer sizes and seed, MLlib's defaults for everything else. */
  private static MultilayerPerceptronClassifier classifier(BenchInput in, BenchSettings s) {
    return new MultilayerPerceptronClassifier()
        .setLayers(OurRuns.layers(in.features, in.classes, s.ours))
        .setFeaturesCol("features")
        .setLabelCol("label")
        .setSeed(s.seed());
  }
}
