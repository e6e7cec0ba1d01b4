package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Warm start ({@code setInitialModel}): with full-batch sgd at a constant rate (batch order plays
 * no part), 3 epochs and then 3 more from the fitted model are 6 epochs in one run, and the loss
 * keeps falling across the two; a model of another shape is named with both shapes.
 */
class MlpWarmStartTest {

  private static MlpClassifier fullBatchSgd() {
    return new MlpClassifier().setHiddenLayers(6).setActivation("tanh").setOptimizer("sgd")
        .setLearningRate(0.2).setBatchSize(100_000).setPrecision("float64").setValidationFraction(0.0)
        .setSeed(17L);
  }

  @Test
  void threeEpochsAndThreeMoreAreSixInOneRun() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.blobs(spark, 300, 5);
    MlpClassificationModel six = fullBatchSgd().setMaxEpochs(6).fit(data);
    MlpClassificationModel three = fullBatchSgd().setMaxEpochs(3).fit(data);
    MlpClassifier more = fullBatchSgd().setMaxEpochs(3).setInitialModel(three);
    assertEquals(three.uid(), more.initialModelUid());
    MlpClassificationModel resumed = ((MlpClassifier) more.copy(ParamMap.empty())).fit(data);

    double diff = 0, norm = 0;
    for (int i = 0; i < six.weights().length; i++) {
      diff += Math.pow(resumed.weights()[i] - six.weights()[i], 2);
      norm += Math.pow(six.weights()[i], 2);
    }
    assertTrue(Math.sqrt(diff / norm) <= 1e-12, "‖θ_3+3 − θ_6‖/‖θ_6‖ = " + Math.sqrt(diff / norm));
    double[] first = three.summary().objectiveHistory(), second = resumed.summary().objectiveHistory();
    assertTrue(second[0] < first[first.length - 1], "the loss keeps falling: " + first[first.length - 1]
        + " then " + second[0]);
    assertTrue(second[2] < second[0]);
    double[] sixLoss = six.summary().objectiveHistory();
    assertEquals(sixLoss[3], second[0], 1e-12 * sixLoss[3], "epoch 4 of the one run is epoch 1 of the second");
  }

  @Test
  void anInitialModelOfAnotherShapeIsNamedWithBothShapes() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.blobs(spark, 60, 5);
    MlpClassificationModel small = fullBatchSgd().setMaxEpochs(1).fit(data);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fullBatchSgd().setHiddenLayers(4).setMaxEpochs(1).setInitialModel(small).fit(data));
    assertTrue(e.getMessage().contains(small.uid()) && e.getMessage().contains(small.architecture().toString())
        && e.getMessage().contains("-4(tanh)-"), e.getMessage());
  }

  @Test
  void theRegressorStartsFromItsInitialModelToo() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.smoothRegression(spark, 200, 3);
    MlpRegressor r = new MlpRegressor().setHiddenLayers(5).setOptimizer("sgd").setLearningRate(0.05)
        .setBatchSize(100_000).setPrecision("float64").setValidationFraction(0.0).setSeed(2L);
    MlpRegressionModel two = r.copy(ParamMap.empty()).setMaxEpochs(2).fit(data);
    MlpRegressionModel four = r.copy(ParamMap.empty()).setMaxEpochs(4).fit(data);
    MlpRegressionModel resumed = r.copy(ParamMap.empty()).setMaxEpochs(2).setInitialModel(two).fit(data);
    for (int i = 0; i < four.weights().length; i++) {
      assertEquals(four.weights()[i], resumed.weights()[i], 1e-12 * (1 + Math.abs(four.weights()[i])), "θ[" + i + "]");
    }
  }
}
