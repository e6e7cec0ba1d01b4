package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;

/**
 * The size hooks of Spark's model cache: a model's {@code estimatedSize} is θ's bytes plus a
 * small overhead (and near what Spark's own SizeEstimator walks), and an estimator's
 * {@code estimateModelSize} predicts, from the data's widths, the size of the model its fit gives.
 */
class MlpModelSizeTest {

  @Test
  void estimatedSizeIsThetaAsHeldPlusASmallOverhead() {
    Architecture arch = Architecture.of(new int[] {784, 300, 10}, Activation.RELU,
        Activation.IDENTITY, Loss.CROSS_ENTROPY);
    MlpClassificationModel model = new MlpClassificationModel("mlpc_size", arch,
        new double[arch.numParams()]);
    long theta = 8L * arch.numParams(); // 238,510 float64 values
    long size = model.estimatedSize();
    assertTrue(size >= theta && size <= theta + 8192, "θ is " + theta + " bytes, estimate " + size);
    long walked = SizeEstimator.estimate(model);
    assertTrue(Math.abs(size - walked) < 0.05 * walked,
        "Spark's SizeEstimator walks " + walked + " bytes, the estimate is " + size);

    Architecture reg = Architecture.of(new int[] {5, 7, 2}, Activation.TANH, Activation.IDENTITY,
        Loss.MSE);
    MlpRegressionModel small = new MlpRegressionModel("mlpr_size", reg, new double[reg.numParams()], true);
    assertEquals(TrainedNetwork.estimatedBytes(reg.numParams()), small.estimatedSize());
  }

  @Test
  void estimateModelSizeIsTheSizeOfTheFittedModel() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> blobs = MlpTestData.blobs(spark, 60, 1L); // 4 features, labels 0..2, no metadata
    MlpClassifier clf = new MlpClassifier().setHiddenLayers(6, 5).setMaxEpochs(1).setBatchSize(30).setSeed(1);
    long predicted = clf.estimateModelSize(blobs);
    assertEquals(TrainedNetwork.estimatedBytes(4 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3), predicted);
    assertEquals(clf.fit(blobs).estimatedSize(), predicted);

    // widths from ML attribute metadata: VectorAssembler's width, no job needed for d
    Dataset<Row> digits = MlpTestData.digits(spark).limit(200);
    MlpClassifier wide = new MlpClassifier().setHiddenLayers(16);
    assertEquals(TrainedNetwork.estimatedBytes(64 * 16 + 16 + 16 * 10 + 10), wide.estimateModelSize(digits));

    Dataset<Row> two = MlpTestData.twoOutputRegression(spark, 40, 1L); // 3 features, Vector label of 2
    MlpRegressor vec = new MlpRegressor().setHiddenLayers(4).setMaxEpochs(1).setBatchSize(20).setSeed(1);
    assertEquals(vec.fit(two).estimatedSize(), vec.estimateModelSize(two));
    Dataset<Row> smooth = MlpTestData.smoothRegression(spark, 40, 1L);
    assertEquals(TrainedNetwork.estimatedBytes(5 * 4 + 4 + 4 + 1), vec.estimateModelSize(smooth));

    // the fit's column checks come first: a string label points to StringIndexer, as fit does
    Dataset<Row> named = blobs.selectExpr("features", "CAST(label AS STRING) AS label");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> clf.estimateModelSize(named));
    assertTrue(e.getMessage().contains("label column 'label' is string") && e.getMessage()
        .contains("StringIndexer"), e.getMessage());
  }
}
