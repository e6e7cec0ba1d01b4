package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.Evaluation;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.TrainingListener;
import io.sparkmlp.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sparse section's fits on text features ({@link SparseInput}): ours with the sparse
 * config ({@link BenchSettings#sparseOurs}, conf/text.conf by default), its heap watched;
 * MLlib's multinomial logistic regression on the same cached features; and our step cost at
 * several widths d of the same texts. Every fit trains on all the training rows (no hold-out)
 * and is scored on the test rows, outside its clock.
 */
final class SparseRuns {
  private static final Logger LOG = LoggerFactory.getLogger(SparseRuns.class);
  /** Rows per block when our test accuracy is computed. */
  private static final int EVAL_BLOCK = 1024;

  private SparseRuns() {}

  /**
   * Our fit at width d: {@code seconds} from the cached feature frame to the trained θ (packing,
   * {@code packSeconds}, included, as MLlib's fit converts its frame too); the packed layout,
   * its stored values (the nonzeros in CSR) and parameter count; the heap during the fit; every
   * step's timing.
   */
  record OurFit(int d, int epochs, double seconds, double packSeconds, double testAccuracy, String layout,
      long storedValues, long params, HeapWatch.Peaks heap, List<StepInfo> steps) {}

  /**
   * MLlib's logistic regression: the regParam used, how it was chosen ({@code grid}: each
   * candidate's validation accuracy, in {@code selectionSeconds}, outside the fit time), then
   * the fit on all training rows and its test accuracy.
   */
  record LogReg(double regParam, List<double[]> grid, double selectionSeconds, double fitSeconds,
      double testAccuracy, int iterations, int maxIter, boolean standardization) {}

  /**
   * Our step cost at width d: the stored values and the medians over the steps after the first
   * epoch of each of its runs.
   */
  record Width(int d, long storedValues, StepCost.Breakdown cost) {}

  /** Our config for the sparse section: no hold-out, no checkpoints. */
  static TrainConfig config(BenchSettings s) {
    return s.sparseOurs.copy().set(VALIDATION_FRACTION, 0.0).setCheckpointDir(null);
  }

  static Kernels<?> kernels(BenchSettings s) {
    return Precision.fromName(s.sparseOurs.get(PRECISION)).kernels();
  }

  static OurFit fit(SparseInput in, SparseInput.Featurized f, BenchSettings s) {
    return fit(in, f, config(s), kernels(s));
  }

  private static <A> OurFit fit(SparseInput in, SparseInput.Featurized f, TrainConfig cfg, Kernels<A> k) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
    List<StepInfo> steps = new ArrayList<>();
    TrainingResult r;
    FitPlan plan;
    double seconds;
    double pack;
    HeapWatch.Peaks heap;
    String layout;
    long stored;
    PackedData<A> train = null;
    try (HeapWatch watch = HeapWatch.start()) {
      long t0 = System.nanoTime();
      train = f.packTrain(k);
      pack = (System.nanoTime() - t0) / 1e9;
      plan = FitPlan.of(jsc, train, in.classes, false, cfg, Loss.CROSS_ENTROPY);
      r = plan.trainer(jsc, train, null, cfg, null, new TrainingListener() {
        @Override public void onStep(StepInfo step) { steps.add(step); }
      }).fit();
      seconds = (System.nanoTime() - t0) / 1e9;
      heap = watch.peaks();
      layout = train.layout().name();
      stored = train.storedValues();
    } finally {
      if (train != null) {
        train.unpersist();
      }
    }
    PackedData<A> test = f.packTest(k);
    double acc;
    try {
      acc = Evaluation.evaluate(jsc, test, plan.arch(), r.theta(), null, EVAL_BLOCK).accuracy();
    } finally {
      test.unpersist();
    }
    LOG.info("ours on text, d={}: fit {} s, test accuracy {}", f.d, String.format("%.2f", seconds),
        String.format("%.4f", acc));
    return new OurFit(f.d, cfg.get(MAX_EPOCHS), seconds, pack, acc, layout, stored, plan.arch().numParams(), heap, steps);
  }

  /**
   * One run of {@code epochs} epochs at width f.d, its steps appended to {@code steps}; returns
   * the stored values of the packed data.
   */
  static long steps(SparseInput in, SparseInput.Featurized f, BenchSettings s, int epochs, List<StepInfo> steps) {
    return steps(in, f, config(s).set(MAX_EPOCHS, epochs), kernels(s), steps);
  }

  private static <A> long steps(SparseInput in, SparseInput.Featurized f, TrainConfig cfg, Kernels<A> k,
      List<StepInfo> steps) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(in.spark.sparkContext());
    PackedData<A> train = f.packTrain(k);
    try {
      FitPlan.of(jsc, train, in.classes, false, cfg, Loss.CROSS_ENTROPY).trainer(jsc, train, null, cfg, null,
          new TrainingListener() {
            @Override public void onStep(StepInfo step) { steps.add(step); }
          }).fit();
      return train.storedValues();
    } finally {
      train.unpersist();
    }
  }

  static Width width(int d, long storedValues, List<StepInfo> steps, int batchSize) {
    // each run's first epoch is its warm-up
    List<StepInfo> timed = steps.stream().filter(st -> st.epoch() > 1).toList();
    return new Width(d, storedValues, StepCost.of(timed.isEmpty() ? steps : timed, batchSize,
        new MatchedFloor.Floor(Double.NaN, Double.NaN, Double.NaN, 0, 0), new StepCost.Floors(Double.NaN, Double.NaN)));
  }

  /**
   * Multinomial logistic regression with MLlib's defaults (L-BFGS, tol 1e-6, elasticNet 0: L2
   * only) but {@code lrMaxIter}, {@code lrStandardization} (on by default) and regParam. With more than one candidate
   * in {@code lrRegParams}, regParam is the one with the best accuracy on a seeded 10% split of
   * the training rows, fitted on the other 90% (the first of equals wins).
   */
  static LogReg logisticRegression(SparseInput.Featurized f, BenchSettings s) {
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy").setLabelCol("label").setPredictionCol("prediction");
    double[] candidates = s.lrRegParams;
    double best = candidates[0];
    List<double[]> grid = new ArrayList<>();
    long t0 = System.nanoTime();
    if (candidates.length > 1) {
      Dataset<Row>[] split = f.train.randomSplit(new double[] {0.9, 0.1}, s.sparseOurs.get(SEED));
      split[0].cache();
      split[1].cache();
      try {
        double bestAcc = -1;
        for (double reg : candidates) {
          double acc = accuracy.evaluate(lr(reg, s).fit(split[0]).transform(split[1]));
          grid.add(new double[] {reg, acc});
          LOG.info("MLlib LR regParam {}: validation accuracy {}", reg, String.format("%.4f", acc));
          if (acc > bestAcc) {
            bestAcc = acc;
            best = reg;
          }
        }
      } finally {
        split[0].unpersist(false);
        split[1].unpersist(false);
      }
    }
    double selection = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    LogisticRegressionModel m = lr(best, s).fit(f.train);
    double fit = (System.nanoTime() - t1) / 1e9;
    double acc = accuracy.evaluate(m.transform(f.test));
    LOG.info("MLlib LR regParam {}: fit {} s, test accuracy {}", best, String.format("%.2f", fit), String.format("%.4f", acc));
    return new LogReg(best, grid, selection, fit, acc, m.summary().totalIterations(), s.lrMaxIter,
        s.lrStandardization);
  }

  private static LogisticRegression lr(double regParam, BenchSettings s) {
    return new LogisticRegression().setFamily("multinomial").setRegParam(regParam).setElasticNetParam(0.0)
        .setMaxIter(s.lrMaxIter).setStandardization(s.lrStandardization).setFeaturesCol("features").setLabelCol("label");
  }
}
