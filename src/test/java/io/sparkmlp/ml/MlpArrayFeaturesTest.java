package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * array&lt;double&gt; and array&lt;float&gt; features, for fit and transform: the same bits as
 * the Vectors of the same values (a float widened exactly), the array column kept as it is in
 * the output, and null or wrong-length arrays named by their row.
 */
class MlpArrayFeaturesTest {
  private static final int N = 120;

  /** Blob-like rows: x rounded to float (so every form holds the same values), label i % 3. */
  private static List<double[]> points() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
    List<double[]> xs = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) {
        x[j] = (float) ((i % 3 == j ? 2 : 0) + 0.7 * rng.nextGaussian());
      }
      xs.add(x);
    }
    return xs;
  }

  /** The points as a features column of {@code type} (vector, array<double>, array<float>) with a double label. */
  private static Dataset<Row> frame(SparkSession spark, String type) {
    List<Row> rows = new ArrayList<>();
    List<double[]> xs = points();
    for (int i = 0; i < N; i++) {
      double[] x = xs.get(i);
      Object f = switch (type) {
        case "vector" -> Vectors.dense(x);
        case "double" -> scala.jdk.javaapi.CollectionConverters.asScala(List.of(x[0], x[1], x[2], x[3])).toSeq();
        default -> scala.jdk.javaapi.CollectionConverters.asScala(
            List.of((float) x[0], (float) x[1], (float) x[2], (float) x[3])).toSeq();
      };
      rows.add(RowFactory.create(f, (double) (i % 3)));
    }
    DataType ft = switch (type) {
      case "vector" -> new org.apache.spark.ml.linalg.VectorUDT();
      case "double" -> DataTypes.createArrayType(DataTypes.DoubleType, false);
      default -> DataTypes.createArrayType(DataTypes.FloatType, false);
    };
    StructType schema = new StructType().add("features", ft, true).add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema); // in list order
  }

  private static MlpClassifier classifier() {
    return new MlpClassifier().setHiddenLayers(5).setMaxEpochs(3).setBatchSize(40).setSeed(11)
        .setNumPartitions(2);
  }

  @Test
  void classifierFitsAndTransformsArraysBitForBitAsVectors() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> vectors = frame(spark, "vector").cache();
    MlpClassificationModel reference = classifier().fit(vectors);
    List<Row> expected = reference.transform(vectors).select("rawPrediction", "probability", "prediction")
        .collectAsList();
    for (String type : List.of("double", "float")) {
      Dataset<Row> arrays = frame(spark, type);
      MlpClassificationModel model = classifier().fit(arrays);
      assertArrayEquals(reference.weights(), model.weights(), "weights from array<" + type + ">");
      Dataset<Row> out = model.transform(arrays);
      assertEquals(arrays.schema().apply("features"), out.schema().apply("features"),
          "the array column is kept as it is");
      assertEquals(expected, out.select("rawPrediction", "probability", "prediction").collectAsList(),
          "array<" + type + "> predictions");
      // the Vector-trained model reads arrays too, and the array-trained one Vectors
      assertEquals(expected, reference.transform(arrays).select("rawPrediction", "probability", "prediction")
          .collectAsList());
      assertEquals(expected, model.transform(vectors).select("rawPrediction", "probability", "prediction")
          .collectAsList());
    }
    vectors.unpersist();
  }

  @Test
  void regressorFitsAndTransformsArraysBitForBitAsVectors() {
    SparkSession spark = SparkTestSession.get();
    MlpRegressor est = new MlpRegressor().setHiddenLayers(4).setMaxEpochs(2).setBatchSize(30).setSeed(3)
        .setNumPartitions(2);
    Dataset<Row> vectors = frame(spark, "vector");
    Dataset<Row> floats = frame(spark, "float");
    MlpRegressionModel a = est.fit(vectors);
    MlpRegressionModel b = est.fit(floats);
    assertArrayEquals(a.weights(), b.weights());
    List<Double> pa = a.transform(vectors).select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
    List<Double> pb = b.transform(floats).select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
    assertEquals(pa, pb);
    assertEquals(N, pb.size());
  }

  @Test
  void nullAndWrongLengthArraysNameTheRow() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType()
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("label", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create(seq((double) i, 1.0), (double) (i % 2)));
    }
    List<Row> withNull = new ArrayList<>(rows);
    withNull.set(6, RowFactory.create(null, 0.0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().fit(spark.createDataFrame(withNull, schema).coalesce(1)));
    System.out.println("null array: " + e.getMessage());
    assertTrue(e.getMessage().contains("row 6") && e.getMessage().contains("features are null"), e.getMessage());

    List<Row> shortRow = new ArrayList<>(rows);
    shortRow.set(4, RowFactory.create(seq(1.0), 0.0));
    e = assertThrows(IllegalArgumentException.class,
        () -> small().fit(spark.createDataFrame(shortRow, schema).coalesce(1)));
    System.out.println("short array: " + e.getMessage());
    assertTrue(e.getMessage().contains("row 4") && e.getMessage().contains("1"), e.getMessage());

    List<Row> nullElement = new ArrayList<>(rows);
    nullElement.set(3, RowFactory.create(seq(2.0, null), 1.0));
    e = assertThrows(IllegalArgumentException.class,
        () -> small().fit(spark.createDataFrame(nullElement, schema).coalesce(1)));
    System.out.println("null element: " + e.getMessage());
    assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("NaN at index 1"), e.getMessage());

    MlpClassificationModel model = small().fit(spark.createDataFrame(rows, schema));
    SparkException t = assertThrows(SparkException.class,
        () -> model.transform(spark.createDataFrame(shortRow, schema).coalesce(1)).collectAsList());
    String msg = MlpOutputColumnsTest.rootMessage(t);
    System.out.println("transform, short array: " + msg);
    assertTrue(msg.contains("row 4 of partition 0") && msg.contains("has 1 features")
        && msg.contains("trained on 2"), msg);
    t = assertThrows(SparkException.class,
        () -> model.transform(spark.createDataFrame(withNull, schema).coalesce(1)).collectAsList());
    msg = MlpOutputColumnsTest.rootMessage(t);
    System.out.println("transform, null array: " + msg);
    assertTrue(msg.contains("row 6 of partition 0") && msg.contains("is null"), msg);
  }

  private static MlpClassifier small() {
    return new MlpClassifier().setHiddenLayers(3).setMaxEpochs(1).setBatchSize(5).setNumPartitions(0);
  }

  private static scala.collection.immutable.Seq<Object> seq(Object... values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(values)).toList();
  }

  @Test
  void vectorRowEqualsItsArray() {
    Vector v = ArrayFeatures.toVector(seq(1.5f, -2.25f), "row 0");
    assertArrayEquals(new double[] {1.5, -2.25}, v.toArray());
  }
}
