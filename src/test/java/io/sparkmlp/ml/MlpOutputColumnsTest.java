package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier's output columns: schema, probabilities that sum to 1, prediction = argmax of
 * the logits, and agreement of the block transform with the single-row methods in both
 * precisions, for several block sizes and sparse input.
 */
class MlpOutputColumnsTest {
  private static MlpClassificationModel f32;
  private static MlpClassificationModel f64;
  private static Dataset<Row> data;

  @BeforeAll
  static void fit() {
    SparkSession spark = SparkTestSession.get();
    data = MlpTestData.blobs(spark, 300, 17L).repartition(3).cache();
    MlpClassifier est = new MlpClassifier().setHiddenLayers(16).setActivation("gelu")
        .setLearningRate(0.02).setBatchSize(100).setMaxEpochs(5).setSeed(1);
    f32 = est.fit(data);
    f64 = est.copy(new ParamMap()).setPrecision("float64").fit(data);
  }

  @Test
  void schemaHasSparkClassifierColumns() {
    Dataset<Row> out = f32.transform(data);
    StructType s = out.schema();
    assertEquals(List.of("features", "label", "prediction", "rawPrediction", "probability"),
        List.of(s.fieldNames()));
    assertInstanceOf(VectorUDT.class, s.apply("rawPrediction").dataType());
    assertInstanceOf(VectorUDT.class, s.apply("probability").dataType());
    assertEquals(DataTypes.DoubleType, s.apply("prediction").dataType());
    assertEquals(3, AttributeGroup.fromStructField(s.apply("probability")).size());
    assertEquals(300, out.count());
    assertEquals(3, f32.numClasses());
    assertEquals(4, f32.numFeatures());
    assertEquals(f32.architecture().numParams(), f32.weights().length);
  }

  @Test
  void probabilitiesSumToOneAndPredictionIsArgmaxOfLogits() {
    for (MlpClassificationModel m : List.of(f32, f64)) {
      for (Row r : m.transform(data).select("rawPrediction", "probability", "prediction").collectAsList()) {
        double[] raw = ((Vector) r.get(0)).toArray();
        double[] p = ((Vector) r.get(1)).toArray();
        double sum = 0;
        for (double v : p) {
          assertTrue(v >= 0 && v <= 1, "probability " + v);
          sum += v;
        }
        assertEquals(1.0, sum, 1e-6);
        assertEquals(OutputColumns.argmax(raw), r.getDouble(2), 0.0);
        // probability is softmax(rawPrediction): the same arithmetic in float64
        double[] expected = m.raw2probability(Vectors.dense(raw.clone())).toArray();
        assertArrayEquals(expected, p, m == f64 ? 0.0 : 1e-7);
      }
    }
  }

  @Test
  void transformAgreesWithSingleRowMethods() {
    for (int block : new int[] {1024, 7}) {
      assertAgree(f32.copy(new ParamMap().put(f32.blockSize(), block)), 1e-6);
      assertAgree(f64.copy(new ParamMap().put(f64.blockSize(), block)), 1e-12);
    }
  }

  private static void assertAgree(MlpClassificationModel m, double tol) {
    double worst = 0;
    for (Row r : m.transform(data).select("features", "rawPrediction", "probability", "prediction")
        .collectAsList()) {
      Vector x = (Vector) r.get(0);
      double[] raw = ((Vector) r.get(1)).toArray();
      double[] p = ((Vector) r.get(2)).toArray();
      assertArrayEquals(m.predictRaw(x).toArray(), raw, tol);
      double[] single = m.predictProbability(x).toArray();
      assertArrayEquals(single, p, tol);
      assertEquals(m.predict(x), r.getDouble(3), 0.0);
      for (int j = 0; j < p.length; j++) {
        worst = Math.max(worst, Math.abs(single[j] - p[j]));
      }
    }
    System.out.printf("%s blockSize %d: largest |transform − predictProbability| = %.3g%n",
        m.getPrecision(), m.getBlockSize(), worst);
  }

  @Test
  void thresholdsDecideThePredictionAsInSpark() {
    MlpClassificationModel m = f64.copy(new ParamMap()).setThresholds(new double[] {1, 1, 1e-9});
    List<Row> rows = m.transform(data).select("features", "probability", "prediction").collectAsList();
    for (Row r : rows) {
      double[] p = ((Vector) r.get(1)).toArray();
      assertEquals(m.predict((Vector) r.get(0)), r.getDouble(2), 0.0);
      assertEquals(OutputColumns.predictClass(null, p, new double[] {1, 1, 1e-9}), r.getDouble(2), 0.0);
    }
    assertTrue(rows.stream().filter(r -> r.getDouble(2) == 2.0).count() > 200,
        "a tiny threshold for class 2 makes it win almost everywhere");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f64.copy(new ParamMap()).setThresholds(new double[] {0.5, 0.5}).transform(data));
    assertTrue(e.getMessage().contains("thresholds"), e.getMessage());
  }

  @Test
  void sparseAndDenseFeaturesGiveTheSameOutputs() {
    SparkSession spark = SparkTestSession.get();
    List<Row> dense = data.limit(20).collectAsList();
    List<Row> sparse = new ArrayList<>();
    for (Row r : dense) {
      double[] v = ((Vector) r.get(0)).toArray();
      v[1] = 0;
      sparse.add(RowFactory.create(Vectors.dense(v).toSparse(), r.get(1)));
    }
    Dataset<Row> sp = spark.createDataFrame(sparse, MlpTestData.SCALAR_LABEL);
    for (Row r : f64.transform(sp).select("features", "probability").collectAsList()) {
      Vector x = ((Vector) r.get(0));
      assertFalse(x instanceof DenseVector);
      assertArrayEquals(f64.predictProbability(x.toDense()).toArray(), ((Vector) r.get(1)).toArray(), 1e-12);
    }
  }

  @Test
  void emptyColumnNamesAreSkipped() {
    Dataset<Row> out = f32.copy(new ParamMap()).setRawPredictionCol("").setProbabilityCol("")
        .transform(data);
    assertEquals(List.of("features", "label", "prediction"), List.of(out.schema().fieldNames()));
  }

  @Test
  void wrongFeatureWidthFailsNamingTheRow() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0)),
        MlpTestData.SCALAR_LABEL);
    SparkException e = assertThrows(SparkException.class, () -> f32.transform(bad).collectAsList());
    String msg = rootMessage(e);
    assertTrue(msg.contains("row 0 of partition") && msg.contains("has 3 features")
        && msg.contains("trained on 4"), msg);
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> f32.predictRaw(Vectors.dense(1, 2, 3)));
    assertTrue(single.getMessage().contains("has 3 features"), single.getMessage());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
