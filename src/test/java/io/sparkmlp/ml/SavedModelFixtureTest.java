package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Models saved by an earlier commit (the committed directories under
 * {@code src/test/resources/models/}, see {@link SavedModelFixtures} and the README there) still
 * load, with their params, and predict what they predicted then: logits, probabilities and
 * regression outputs to 1e-12 relative (they are float64 models; only a GEMM kernel other than
 * the one that recorded them changes the last bits), class ids exactly.
 */
class SavedModelFixtureTest {
  private static final double RELATIVE = 1e-12;

  @Test
  void theSavedClassifierLoadsWithItsParamsAndPredictsAsRecorded() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path dir = fixture(SavedModelFixtures.CLASSIFIER);
    MlpClassificationModel model = MlpClassificationModel.load(dir.resolve("model").toString());
    assertEquals("mlpc_99801419c684", model.uid());
    assertEquals(Architecture.of(new int[] {4, 5, 3}, Activation.TANH, Activation.IDENTITY,
        Loss.CROSS_ENTROPY), model.architecture());
    assertArrayEquals(new int[] {5}, model.getHiddenLayers());
    assertEquals("tanh", model.getActivation());
    assertEquals("float64", model.getPrecision());
    assertEquals(4, model.getBlockSize());
    assertEquals(7L, model.getSeed());
    assertEquals(0.05, model.getLearningRate());
    assertEquals(20, model.getBatchSize());
    assertEquals(3, model.getMaxEpochs());
    assertEquals("adam", model.getOptimizer());
    assertEquals(3, model.numClasses());

    List<double[]> expected = SavedModelFixtures.readCsv(dir.resolve("predictions.csv"),
        SavedModelFixtures.CLASSIFIER_HEADER);
    assertEquals(10, expected.size());
    List<Row> got = model.transform(SavedModelFixtures.inputs(spark, expected, 4))
        .select("features", "rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      double[] e = expected.get(i);
      Row g = got.get(i);
      String where = "row " + (i + 1) + " of " + dir.resolve("predictions.csv");
      assertArrayEquals(Arrays.copyOfRange(e, 0, 4), ((Vector) g.get(0)).toArray(), 0.0, where);
      assertClose(Arrays.copyOfRange(e, 4, 7), ((Vector) g.get(1)).toArray(), "rawPrediction, " + where);
      assertClose(Arrays.copyOfRange(e, 7, 10), ((Vector) g.get(2)).toArray(), "probability, " + where);
      assertEquals(e[10], g.getDouble(3), 0.0, "prediction, " + where);
      assertEquals(e[10], model.predict(Vectors.dense(Arrays.copyOf(e, 4))), 0.0,
          "single-row predict, " + where);
    }
    assertEquals(3, expected.stream().mapToDouble(e -> e[10]).distinct().count(),
        "the fixture's inputs reach all 3 classes");
  }

  @Test
  void theSavedVectorRegressorLoadsWithItsParamsAndPredictsAsRecorded() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path dir = fixture(SavedModelFixtures.REGRESSOR);
    MlpRegressionModel model = MlpRegressionModel.load(dir.resolve("model").toString());
    assertEquals("mlpr_3336fc6d0a22", model.uid());
    assertEquals(Architecture.of(new int[] {3, 6, 2}, Activation.GELU, Activation.IDENTITY,
        Loss.MSE), model.architecture());
    assertTrue(model.hasVectorPrediction());
    assertEquals(2, model.numOutputs());
    assertEquals("gelu", model.getActivation());
    assertEquals("momentum", model.getOptimizer());
    assertEquals("float64", model.getPrecision());
    assertEquals(11L, model.getSeed());
    assertEquals(16, model.getBatchSize());
    assertEquals(4, model.getMaxEpochs());

    List<double[]> expected = SavedModelFixtures.readCsv(dir.resolve("predictions.csv"),
        SavedModelFixtures.REGRESSOR_HEADER);
    assertEquals(10, expected.size());
    List<Row> got = model.transform(SavedModelFixtures.inputs(spark, expected, 3))
        .select("features", "prediction").collectAsList();
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < got.size(); i++) {
      double[] e = expected.get(i);
      String where = "row " + (i + 1) + " of " + dir.resolve("predictions.csv");
      assertArrayEquals(Arrays.copyOfRange(e, 0, 3), ((Vector) got.get(i).get(0)).toArray(), 0.0, where);
      assertClose(Arrays.copyOfRange(e, 3, 5), ((Vector) got.get(i).get(1)).toArray(), "prediction, " + where);
      assertClose(Arrays.copyOfRange(e, 3, 5),
          model.predictVector(Vectors.dense(Arrays.copyOf(e, 3))).toArray(), "single-row, " + where);
    }
  }

  /** |expected − actual| ≤ 1e-12·|expected| for each value. */
  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int j = 0; j < expected.length; j++) {
      double err = Math.abs(expected[j] - actual[j]);
      assertTrue(err <= RELATIVE * Math.abs(expected[j]), what + ", value " + j + ": recorded "
          + expected[j] + ", got " + actual[j] + " (relative error " + err / Math.abs(expected[j]) + ")");
    }
  }

  private static Path fixture(String name) {
    return Path.of(MlpTestData.resourcePath("/models/" + name));
  }
}
