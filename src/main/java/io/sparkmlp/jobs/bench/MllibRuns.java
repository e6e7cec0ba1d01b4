package io.sparkmlp.jobs.bench;

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

  /** One accuracy check: L-BFGS iterations so far, fit seconds so far, test accuracy. */
  record Check(int iterations, double fitSeconds, double accuracy) {}

  /** Time to accuracy: every check; {@code reached} false means the budget ran out first. */
  record TimeToAccuracy(List<Check> checks, boolean reached, double budgetSeconds,
      double evaluationSeconds) {
    double seconds() { return checks.isEmpty() ? 0 : checks.get(checks.size() - 1).fitSeconds(); }
  }

  /**
   * {@code solver=gd}, maxIter = passes + 1: each iteration is one gradient over all rows, one
   * treeAggregate job. A pass is timed from the end of one iteration's job to the end of the
   * next (so it includes the driver's update); the first iteration, which also caches MLlib's
   * stacked blocks, only starts the clock.
   */
  static Throughput throughput(BenchInput in, BenchSettings s) throws InterruptedException {
    SparkContext sc = in.spark.sparkContext();
    MultilayerPerceptronClassifier mlp = classifier(s).setSolver("gd").setMaxIter(s.passes + 1);
    List<JobClock.Job> jobs;
    try (JobClock clock = new JobClock(sc, GROUP)) {
      sc.setJobGroup(GROUP, "benchmark: MLlib MLP gd throughput", false);
      try {
        mlp.fit(in.train);
      } finally {
        sc.clearJobGroup();
      }
      jobs = clock.ended("GradientDescent", s.passes + 1);
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
   * {@code solver=l-bfgs}: fits of {@code mllibCheckEvery} iterations, each starting from the
   * previous model's weights, until the test accuracy reaches the target or the fit time (the
   * only time counted) passes the budget. Each refit starts L-BFGS afresh, without the curvature
   * pairs of the last ones.
   */
  static TimeToAccuracy timeToAccuracy(BenchInput in, BenchSettings s) {
    SparkContext sc = in.spark.sparkContext();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy").setLabelCol("label").setPredictionCol("prediction");
    List<Check> checks = new ArrayList<>();
    double fitSeconds = 0;
    double evalSeconds = 0;
    int iterations = 0;
    MultilayerPerceptronClassificationModel model = null;
    boolean reached = false;
    while (!reached && fitSeconds < s.mllibMaxSeconds) {
      MultilayerPerceptronClassifier mlp = classifier(s).setSolver("l-bfgs").setMaxIter(s.mllibCheckEvery);
      if (model != null) {
        mlp.setInitialWeights(model.weights());
      }
      sc.setJobDescription("benchmark: MLlib MLP l-bfgs, iterations " + (iterations + 1) + "+");
      long t0 = System.nanoTime();
      model = mlp.fit(in.train);
      fitSeconds += (System.nanoTime() - t0) / 1e9;
      iterations += s.mllibCheckEvery;
      sc.setJobDescription("benchmark: MLlib MLP test accuracy (not timed)");
      long t1 = System.nanoTime();
      double acc = accuracy.evaluate(model.transform(in.test));
      evalSeconds += (System.nanoTime() - t1) / 1e9;
      sc.setJobDescription(null);
      checks.add(new Check(iterations, fitSeconds, acc));
      reached = acc >= s.targetAccuracy;
      LOG.info("MLlib l-bfgs: {} iterations, {} s of fitting, test accuracy {}", iterations,
          String.format("%.1f", fitSeconds), String.format("%.4f", acc));
    }
    return new TimeToAccuracy(checks, reached, s.mllibMaxSeconds, evalSeconds);
  }

  private static MultilayerPerceptronClassifier classifier(BenchSettings s) {
    return new MultilayerPerceptronClassifier()
        .setLayers(OurMnistConfig.LAYERS)
        .setFeaturesCol("features")
        .setLabelCol("label")
        .setSeed(s.seed);
  }
}
