package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.train.EpochRecord;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The MLlib-shaped summary (objectiveHistory per epoch, totalIterations in steps) and
 * {@code evaluate} on another DataFrame, whose figures must equal the ones computed by hand from
 * the same model's {@code transform}.
 */
class MlpSummaryEvaluateTest {

  @Test
  void classifierSummaryAndEvaluateAgreeWithTransform() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> train = MlpTestData.blobs(spark, 300, 1L);
    Dataset<Row> test = MlpTestData.blobs(spark, 150, 2L);
    MlpClassificationModel model = new MlpClassifier().setHiddenLayers(8).setOptimizer("adam")
        .setLearningRate(0.05).setBatchSize(50).setMaxEpochs(5).setSeed(7).setNumPartitions(2)
        .fit(train);

    MlpTrainingSummary s = model.summary();
    double[] objective = s.objectiveHistory();
    assertEquals(5, objective.length, "one value per epoch");
    assertArrayEquals(s.history().stream().mapToDouble(EpochRecord::trainLoss).toArray(), objective);
    assertEquals(5L * (300 / 50), s.totalIterations(), "5 epochs of 6 steps of 50 rows");
    assertEquals(s.steps(), s.totalIterations());
    assertTrue(objective[4] < objective[0], "the loss falls: " + java.util.Arrays.toString(objective));

    MlpEvaluation e = model.evaluate(test);
    List<Row> rows = model.transform(test).select("label", "probability", "prediction").collectAsList();
    long correct = 0;
    double lossSum = 0;
    for (Row r : rows) {
      Vector p = (Vector) r.get(1);
      correct += r.getDouble(2) == r.getDouble(0) ? 1 : 0;
      lossSum += -Math.log(p.apply((int) r.getDouble(0)));
    }
    assertEquals(150, e.numRows());
    assertEquals(correct, e.numCorrect(), "accuracy counts the rows transform predicts right");
    assertEquals((double) correct / 150, e.accuracy(), 0.0);
    assertEquals(lossSum / 150, e.loss(), 1e-4 * Math.max(1, lossSum / 150),
        "the mean cross-entropy of transform's probabilities");
    assertTrue(Double.isNaN(e.rmse()));
    assertTrue(e.accuracy() > 0.9, "well-separated blobs: " + e);
  }

  @Test
  void regressorEvaluateGivesTheRmseOfTransform() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> train = MlpTestData.smoothRegression(spark, 400, 1L);
    Dataset<Row> test = MlpTestData.smoothRegression(spark, 100, 2L);
    MlpRegressionModel model = new MlpRegressor().setHiddenLayers(8).setActivation("tanh")
        .setOptimizer("adam").setLearningRate(0.02).setBatchSize(100).setMaxEpochs(4).setSeed(3)
        .setPrecision("float64").fit(train);
    assertEquals(16, model.summary().totalIterations(), "4 epochs of 4 steps");
    assertEquals(4, model.summary().objectiveHistory().length);

    MlpEvaluation e = model.evaluate(test);
    double se = 0;
    for (Row r : model.transform(test).select("label", "prediction").collectAsList()) {
      se += (r.getDouble(1) - r.getDouble(0)) * (r.getDouble(1) - r.getDouble(0));
    }
    assertEquals(Math.sqrt(se / 100), e.rmse(), 1e-9, "float64: the RMSE of transform's predictions");
    assertEquals(se / 100, e.loss(), 1e-9, "the MSE loss is the mean squared error");
    assertTrue(Double.isNaN(e.accuracy()));
  }

  @Test
  void evaluateRefusesDataOfAnotherWidthOrClassCount() {
    SparkSession spark = SparkTestSession.get();
    MlpClassificationModel model = new MlpClassifier().setHiddenLayers(4).setMaxEpochs(1)
        .setBatchSize(50).setSeed(1).fit(MlpTestData.blobs(spark, 60, 1L));
    IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
        () -> model.evaluate(MlpTestData.xor(spark, 2)));
    assertTrue(wide.getMessage().contains("2 features in column 'features', but the model was"
        + " trained on 4"), wide.getMessage());
    Dataset<Row> fourClasses = MlpTestData.blobs(spark, 6, 1L).selectExpr("features", "label + 1 AS label");
    IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
        () -> model.evaluate(fourClasses));
    assertTrue(classes.getMessage().contains("label 3 in column 'label', but the model has 3 classes"),
        classes.getMessage());
  }
}
