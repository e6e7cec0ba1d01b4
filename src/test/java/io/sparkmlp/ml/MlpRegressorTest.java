package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Regression learning checks: y = sin(x1) + x2·x3 − 0.5·x4² + 0.3·x5 on held-out rows against a
 * threshold that predicting the mean fails by far, and a two-output Vector label.
 */
class MlpRegressorTest {
  /** Held-out RMSE a working trainer must reach; the mean predictor scores about 0.65 here. */
  static final double SMOOTH_RMSE_THRESHOLD = 0.15;
  static final double TWO_OUTPUT_RMSE_THRESHOLD = 0.15;

  @Test
  void learnsASmoothFunctionOfFiveInputs() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> train = MlpTestData.smoothRegression(spark, 2000, 1L).cache();
    Dataset<Row> test = MlpTestData.smoothRegression(spark, 500, 2L).cache();
    MlpRegressionModel model = new MlpRegressor()
        .setHiddenLayers(32, 32).setActivation("tanh").setOptimizer("adam").setLearningRate(0.01)
        .setBatchSize(250).setMaxEpochs(30).setSeed(3).setNumPartitions(2)
        .fit(train);
    assertEquals(DataTypes.DoubleType, model.transform(test).schema().apply("prediction").dataType());
    List<Row> rows = model.transform(test).select("label", "prediction").collectAsList();
    double meanLabel = train.selectExpr("avg(label)").first().getDouble(0);
    double se = 0, seMean = 0;
    for (Row r : rows) {
      se += sq(r.getDouble(1) - r.getDouble(0));
      seMean += sq(meanLabel - r.getDouble(0));
    }
    double rmse = Math.sqrt(se / rows.size());
    double rmseMean = Math.sqrt(seMean / rows.size());
    System.out.printf("smooth regression: held-out RMSE %.4f, mean predictor %.4f, threshold %.2f,"
        + " %d epochs in %.1f s%n", rmse, rmseMean, SMOOTH_RMSE_THRESHOLD,
        model.summary().totalEpochs(), model.summary().trainSeconds());
    assertTrue(rmseMean > 3 * SMOOTH_RMSE_THRESHOLD,
        "the threshold must be one the mean predictor fails by far; its RMSE is " + rmseMean);
    assertTrue(rmse < SMOOTH_RMSE_THRESHOLD, "held-out RMSE " + rmse + " should be < "
        + SMOOTH_RMSE_THRESHOLD + " (mean predictor: " + rmseMean + ")");
    Row first = test.first();
    assertEquals(rows.get(0).getDouble(1), model.predict((Vector) first.get(0)), 1e-6,
        "single-row predict agrees with transform (float32)");
    train.unpersist();
    test.unpersist();
  }

  @Test
  void learnsTwoOutputsFromAVectorLabel() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> train = MlpTestData.twoOutputRegression(spark, 1200, 5L).cache();
    Dataset<Row> test = MlpTestData.twoOutputRegression(spark, 300, 6L);
    MlpRegressionModel model = new MlpRegressor()
        .setHiddenLayers(32).setActivation("tanh").setLearningRate(0.01).setBatchSize(200)
        .setMaxEpochs(40).setSeed(9).setPrecision("float64")
        .fit(train);
    assertEquals(2, model.numOutputs());
    assertTrue(model.hasVectorPrediction());
    Dataset<Row> out = model.transform(test);
    assertInstanceOf(VectorUDT.class, out.schema().apply("prediction").dataType());
    double[] se = new double[2];
    double[] seZero = new double[2];
    List<Row> rows = out.select("label", "prediction").collectAsList();
    for (Row r : rows) {
      Vector y = (Vector) r.get(0);
      Vector p = (Vector) r.get(1);
      assertEquals(2, p.size());
      for (int j = 0; j < 2; j++) {
        se[j] += sq(p.apply(j) - y.apply(j));
        seZero[j] += sq(y.apply(j));
      }
    }
    for (int j = 0; j < 2; j++) {
      double rmse = Math.sqrt(se[j] / rows.size());
      double rmseZero = Math.sqrt(seZero[j] / rows.size());
      System.out.printf("two-output regression: output %d held-out RMSE %.4f (predicting 0: %.4f)%n",
          j, rmse, rmseZero);
      assertTrue(rmse < TWO_OUTPUT_RMSE_THRESHOLD, "output " + j + " RMSE " + rmse);
      assertTrue(rmseZero > 3 * TWO_OUTPUT_RMSE_THRESHOLD, "output " + j + " is not trivial");
    }
    Vector x = (Vector) test.first().get(0);
    assertArrayEquals(((Vector) rows.get(0).get(1)).toArray(), model.predictVector(x).toArray(),
        1e-12, "single-row predictVector agrees with transform (float64; BLAS rounds a 1-row"
        + " GEMM and a block GEMM differently, by an ulp or so)");
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> model.predict(x));
    assertTrue(e.getMessage().contains("predictVector"), e.getMessage());
    train.unpersist();
  }

  private static double sq(double v) {
    return v * v;
  }
}
