package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.train.EpochRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * validationIndicatorCol: the rows marked true validate and the others train, so the model is the
 * one trained on the unmarked rows alone, and each epoch's validation loss is the marked rows'
 * loss; setting it with validationFraction, a column that is not boolean, or a null, is refused.
 */
class MlpValidationIndicatorTest {

  private static Dataset<Row> marked(SparkSession spark) {
    return MlpTestData.blobs(spark, 240, 9).withColumn("id", functions.monotonically_increasing_id())
        .withColumn("isVal", functions.col("id").mod(5).equalTo(0)).drop("id");
  }

  private static MlpClassifier mlp() {
    return new MlpClassifier().setHiddenLayers(5).setActivation("tanh").setOptimizer("adam")
        .setLearningRate(0.05).setBatchSize(32).setMaxEpochs(3).setPrecision("float64")
        .setValidationFraction(0.0).setSeed(4L);
  }

  @Test
  void markedRowsValidateAndTheOthersTrain() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = marked(spark).cache();
    try {
      MlpClassificationModel withColumn = mlp().setValidationIndicatorCol("isVal").fit(data);
      MlpClassificationModel onTrainRows = mlp().fit(data.filter("NOT isVal"));
      assertArrayEquals(onTrainRows.weights(), withColumn.weights(), 0.0, "the training rows alone");
      EpochRecord last = withColumn.summary().history().get(2);
      double expected = withColumn.evaluate(data.filter("isVal")).loss();
      assertEquals(expected, last.validationLoss(), 1e-12 * expected, "the last epoch's validation loss");
      assertTrue(Double.isNaN(onTrainRows.summary().history().get(2).validationLoss()));
    } finally {
      data.unpersist();
    }
  }

  @Test
  void bothWaysOfChoosingValidationRowsAtOnceAreRefused() {
    Dataset<Row> data = marked(SparkTestSession.get());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> mlp().setValidationFraction(0.1).setValidationIndicatorCol("isVal").fit(data));
    assertTrue(both.getMessage().contains("validationIndicatorCol 'isVal' and validationFraction 0.1"), both.getMessage());
    IllegalArgumentException notBoolean = assertThrows(IllegalArgumentException.class,
        () -> mlp().setValidationIndicatorCol("label").fit(data));
    assertTrue(notBoolean.getMessage().contains("'label' is double, expected boolean"), notBoolean.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> mlp().setValidationIndicatorCol("nope").fit(data));
    assertTrue(missing.getMessage().contains("'nope' is not a column"), missing.getMessage());
    Dataset<Row> withNull = data.withColumn("isVal", functions.when(functions.col("label").equalTo(1.0),
        functions.lit(null).cast("boolean")).otherwise(functions.col("isVal")));
    IllegalArgumentException nulls = assertThrows(IllegalArgumentException.class,
        () -> mlp().setValidationIndicatorCol("isVal").fit(withNull));
    assertTrue(nulls.getMessage().contains("is null in 80 row(s)"), nulls.getMessage());
  }

  @Test
  void theParamIsSavedWithTheEstimator(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    SparkTestSession.get();
    String path = dir.resolve("est").toString();
    mlp().setValidationIndicatorCol("isVal").save(path);
    assertEquals("isVal", MlpClassifier.load(path).getValidationIndicatorCol());
    assertEquals(null, mlp().getValidationIndicatorCol());
  }
}
