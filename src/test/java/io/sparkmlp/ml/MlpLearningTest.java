package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Layer (d) learning checks through the Spark ML API: XOR, and sklearn's digits past 95%. */
class MlpLearningTest {

  @Test
  void learnsXorInFloat64() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> xor = MlpTestData.xor(spark, 16);
    MlpClassificationModel model = new MlpClassifier()
        .setHiddenLayers(8).setActivation("tanh").setPrecision("float64")
        .setOptimizer("adam").setLearningRate(0.05).setBatchSize(64).setMaxEpochs(80)
        .setSeed(7).setNumPartitions(2)
        .fit(xor);
    List<Row> rows = model.transform(xor).select("label", "prediction").collectAsList();
    assertEquals(64, rows.size());
    for (Row r : rows) {
      assertEquals(r.getDouble(0), r.getDouble(1), "XOR point with label " + r.getDouble(0));
    }
    double[] losses = model.summary().objectiveHistory();
    assertEquals(80, losses.length);
    assertTrue(losses[losses.length - 1] < 0.1 * losses[0],
        "the loss should fall at least 10x, went " + losses[0] + " -> " + losses[losses.length - 1]);
  }

  @Test
  void learnsDigitsPast95PercentHeldOut() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row>[] split = MlpTestData.digits(spark).randomSplit(new double[] {0.8, 0.2}, 2024L);
    StandardScalerModel scaler = new StandardScaler().setInputCol("features")
        .setOutputCol("scaled").setWithMean(true).setWithStd(true).fit(split[0]);
    Dataset<Row> train = scaler.transform(split[0]).cache();
    Dataset<Row> test = scaler.transform(split[1]).cache();
    MlpClassificationModel model = new MlpClassifier().setFeaturesCol("scaled")
        .setHiddenLayers(64).setActivation("relu").setOptimizer("adam").setLearningRate(0.01)
        .setBatchSize(128).setMaxEpochs(20).setSeed(11).setValidationFraction(0.1)
        .fit(train);
    assertEquals(64, model.numFeatures());
    assertEquals(10, model.numClasses());
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    System.out.printf("digits: %d train rows, %d held-out rows, held-out accuracy %.4f, last"
        + " validation accuracy %.4f, %d epochs in %.1f s%n", train.count(), test.count(), accuracy,
        model.summary().history().get(model.summary().totalEpochs() - 1).validationAccuracy(),
        model.summary().totalEpochs(), model.summary().trainSeconds());
    assertTrue(accuracy >= 0.95, "held-out accuracy on digits should be >= 0.95, got " + accuracy);
    MlpTrainingSummary summary = model.summary();
    assertEquals(20, summary.totalEpochs());
    assertEquals(summary.steps(), summary.layerGradNorms().size());
    assertEquals(2, summary.layerGradNorms().get(0).length, "one norm per layer");
    assertTrue(summary.history().stream().allMatch(e -> e.validationAccuracy() > 0),
        "validationFraction 0.1 gives a validation accuracy every epoch");
    train.unpersist();
    test.unpersist();
  }
}
