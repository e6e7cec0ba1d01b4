package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.train.EpochRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * weightCol through the estimators: weights of 1 give the unweighted model bit for bit; integer
 * weights give the model of the rows repeated that many times (full-batch sgd at a constant rate
 * in float64, so batch order plays no part), for the classifier and the regressor, with the
 * validation loss the weighted mean; a batch whose weights are all 0 is skipped and counted.
 */
class MlpSampleWeightTest {

  /** {@code df}'s rows with a weight column "w" = i mod 4 (0..3) and "isVal" = i mod 5 == 0, in order. */
  private static List<Row> withWeights(Dataset<Row> df) {
    List<Row> out = new ArrayList<>();
    List<Row> rows = df.collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      out.add(RowFactory.create(rows.get(i).get(0), rows.get(i).get(1), (double) (i % 4), i % 5 == 0));
    }
    return out;
  }

  private static StructType schema(StructType base) {
    return base.add("w", DataTypes.DoubleType).add("isVal", DataTypes.BooleanType);
  }

  /** Each row repeated w times (w = 0 drops it), weight column kept. */
  private static List<Row> repeated(List<Row> weighted) {
    List<Row> out = new ArrayList<>();
    for (Row r : weighted) {
      for (int c = 0; c < (int) r.getDouble(2); c++) {
        out.add(r);
      }
    }
    return out;
  }

  private static MlpClassifier classifier() {
    return new MlpClassifier().setHiddenLayers(6).setActivation("tanh").setPrecision("float64")
        .setSeed(8L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"float32", "float64"})
  void weightsOfOneGiveTheUnweightedModelBitForBit(String precision) {
    Dataset<Row> data = MlpTestData.blobs(SparkTestSession.get(), 300, 4).coalesce(2)
        .withColumn("one", functions.lit(1.0)).cache();
    try {
      MlpClassifier est = classifier().setPrecision(precision).setOptimizer("adam").setLearningRate(0.03)
          .setBatchSize(32).setMaxEpochs(3).setValidationFraction(0.2);
      MlpClassificationModel plain = est.copy(new org.apache.spark.ml.param.ParamMap()).fit(data);
      MlpClassificationModel weighted = est.setWeightCol("one").fit(data);
      assertArrayEquals(plain.weights(), weighted.weights(), 0.0, "θ");
      assertEquals(plain.summary().history(), weighted.summary().history().stream()
          .map(r -> withSeconds(r, plain.summary().history().get(r.epoch() - 1))).toList(), "the history");
    } finally {
      data.unpersist();
    }
  }

  /** {@code r} with the timing fields of {@code timing}, which no two runs share. */
  private static EpochRecord withSeconds(EpochRecord r, EpochRecord timing) {
    return new EpochRecord(r.epoch(), r.steps(), r.trainLoss(), r.trainAccuracy(), r.validationLoss(),
        r.validationAccuracy(), r.validationRmse(), timing.samplesPerSecond(), timing.meanStepMillis(),
        timing.seconds(), r.learningRate(), r.skippedSteps());
  }

  @Test
  void integerWeightsEqualRepeatedRowsForTheClassifier() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> base = MlpTestData.blobs(spark, 160, 6);
    List<Row> weighted = withWeights(base);
    StructType schema = schema(MlpTestData.SCALAR_LABEL);
    MlpClassifier est = classifier().setOptimizer("sgd").setLrSchedule("constant").setLearningRate(0.2)
        .setBatchSize(100_000).setMaxEpochs(4).setValidationFraction(0.0).setValidationIndicatorCol("isVal");
    MlpClassificationModel byWeight = est.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("w")
        .fit(spark.createDataFrame(weighted, schema).coalesce(2));
    MlpClassificationModel byRepeat = est.fit(spark.createDataFrame(repeated(weighted), schema).coalesce(2));
    assertArrayEquals(byRepeat.weights(), byWeight.weights(), 1e-12, "θ after 4 full-batch steps");
    EpochRecord w = byWeight.summary().history().get(3);
    EpochRecord r = byRepeat.summary().history().get(3);
    assertEquals(r.trainLoss(), w.trainLoss(), 1e-12, "the train loss, Σ w·ℓ / Σ w");
    assertEquals(r.validationLoss(), w.validationLoss(), 1e-12, "the validation loss, Σ w·ℓ / Σ w");
    double unweighted = classifier().setOptimizer("sgd").setLrSchedule("constant").setLearningRate(0.2)
        .setBatchSize(100_000).setMaxEpochs(4).setValidationFraction(0.0).setValidationIndicatorCol("isVal")
        .fit(spark.createDataFrame(weighted, schema).coalesce(2)).summary().history().get(3).trainLoss();
    assertNotEquals(unweighted, w.trainLoss(), 1e-6, "the weights change the fit");
  }

  @Test
  void integerWeightsEqualRepeatedRowsForTheRegressor() {
    SparkSession spark = SparkTestSession.get();
    List<Row> weighted = withWeights(MlpTestData.smoothRegression(spark, 150, 2));
    StructType schema = schema(MlpTestData.SCALAR_LABEL);
    MlpRegressor est = new MlpRegressor().setHiddenLayers(5).setActivation("tanh").setPrecision("float64")
        .setSeed(3L).setOptimizer("sgd").setLrSchedule("constant").setLearningRate(0.1).setBatchSize(100_000)
        .setMaxEpochs(4).setValidationFraction(0.0);
    MlpRegressionModel byWeight = est.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("w")
        .fit(spark.createDataFrame(weighted, schema).coalesce(2));
    MlpRegressionModel byRepeat = est.fit(spark.createDataFrame(repeated(weighted), schema).coalesce(2));
    assertArrayEquals(byRepeat.weights(), byWeight.weights(), 1e-12, "θ after 4 full-batch steps");
  }

  @Test
  void batchesOfWeightZeroAreSkippedAndCounted() {
    SparkSession spark = SparkTestSession.get();
    List<Row> weighted = withWeights(MlpTestData.blobs(spark, 60, 1));
    long zeros = weighted.stream().filter(r -> r.getDouble(2) == 0.0).count();
    MlpClassificationModel m = classifier().setOptimizer("adam").setLearningRate(0.02).setBatchSize(1)
        .setMaxEpochs(2).setValidationFraction(0.0).setWeightCol("w")
        .fit(spark.createDataFrame(weighted, schema(MlpTestData.SCALAR_LABEL)).coalesce(2));
    assertEquals(15, zeros);
    for (EpochRecord e : m.summary().history()) {
      assertEquals(zeros, e.skippedSteps(), "epoch " + e.epoch() + ": one skipped step per row of weight 0");
      assertEquals(60, e.steps());
      assertTrue(Double.isFinite(e.trainLoss()), e.describe());
      assertTrue(e.describe().contains("15 step(s) skipped (batch weights 0)"), e.describe());
    }
    MlpClassificationModel unweighted = classifier().setOptimizer("adam").setLearningRate(0.02).setBatchSize(1)
        .setMaxEpochs(1).setValidationFraction(0.0)
        .fit(spark.createDataFrame(weighted, schema(MlpTestData.SCALAR_LABEL)).coalesce(2));
    assertEquals(0, unweighted.summary().history().get(0).skippedSteps());
  }

  @Test
  void theParamIsSavedWithTheEstimator(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    SparkTestSession.get();
    String path = dir.resolve("est").toString();
    new MlpRegressor().setWeightCol("w").save(path);
    assertEquals("w", MlpRegressor.load(path).getWeightCol());
    assertEquals(null, classifier().getWeightCol());
  }
}
