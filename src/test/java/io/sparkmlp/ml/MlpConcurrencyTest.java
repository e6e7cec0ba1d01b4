package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Fits that share one SparkSession from several threads share no mutable state: the same bits
 * as the same fits one after the other, alone or under a parallel CrossValidator.
 *
 * <p>The static state a fit touches, audited: {@code train.WorkspaceCache} (a pool of
 * workspaces keyed by architecture, precision and capacity; a task borrows one and gives it
 * back, so two tasks never hold the same; every buffer is written before it is read, so a
 * reused one gives the bits of a new one); {@code linalg.Blas} (one stateless netlib instance,
 * chosen once); {@code linalg.BlasKernel} (a report worked out once, under a lock);
 * {@code ml.ConstructionUid} (thread-local); the Trainer's job descriptions and the fit's job
 * tags (Spark's per-thread local properties); {@code train.RecoveryLog} (one per fit, counting
 * only stages with its fit's tag, see RecoveryLogIsolationTest).
 */
class MlpConcurrencyTest {

  private static MlpClassifier est(long seed, int hidden) {
    return new MlpClassifier().setHiddenLayers(hidden).setMaxEpochs(3).setBatchSize(30)
        .setLearningRate(0.02).setSeed(seed).setNumPartitions(2);
  }

  @Test
  void twoConcurrentFitsGiveTheBitsOfTwoSequentialOnes() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.blobs(spark, 150, 9L).cache();
    List<MlpClassifier> fits = List.of(est(1, 6), est(2, 4), est(1, 6), est(3, 5));
    List<double[]> sequential = new ArrayList<>();
    for (MlpClassifier e : fits) {
      sequential.add(e.fit(data).weights());
    }
    ExecutorService pool = Executors.newFixedThreadPool(fits.size());
    try {
      List<Future<double[]>> concurrent = new ArrayList<>();
      for (MlpClassifier e : fits) {
        concurrent.add(pool.submit(() -> e.fit(data).weights()));
      }
      for (int i = 0; i < fits.size(); i++) {
        assertArrayEquals(sequential.get(i), concurrent.get(i).get(), "fit " + i);
      }
    } finally {
      pool.shutdown();
    }
    assertArrayEquals(sequential.get(0), sequential.get(2), "the same fit twice");
    data.unpersist();
  }

  @Test
  void crossValidatorParallelismDoesNotChangeTheResult() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.blobs(spark, 120, 4L).cache();
    MlpClassifier mlp = est(7, 5).setMaxEpochs(2);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(mlp.learningRate(), new double[] {1e-3, 3e-2})
        .addGrid(mlp.seed(), new long[] {5L, 6L})
        .build();
    CrossValidatorModel[] cv = new CrossValidatorModel[2];
    int[] parallelism = {1, 4};
    for (int i = 0; i < 2; i++) {
      cv[i] = new CrossValidator().setEstimator(mlp).setEstimatorParamMaps(grid)
          .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
          .setNumFolds(2).setSeed(13).setParallelism(parallelism[i]).fit(data);
    }
    System.out.println("avgMetrics, parallelism 1: " + Arrays.toString(cv[0].avgMetrics())
        + ", parallelism 4: " + Arrays.toString(cv[1].avgMetrics()));
    assertEquals(4, cv[0].avgMetrics().length);
    assertArrayEquals(cv[0].avgMetrics(), cv[1].avgMetrics());
    assertEquals(4, Arrays.stream(cv[0].avgMetrics()).distinct().count(), "every grid point differs");
    MlpClassificationModel best1 = (MlpClassificationModel) cv[0].bestModel();
    MlpClassificationModel best4 = (MlpClassificationModel) cv[1].bestModel();
    assertArrayEquals(best1.weights(), best4.weights());
    data.unpersist();
  }
}
