package io.sparkmlp.ml;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Seeded data sets for the ml tests: (features: Vector, label: double or Vector) frames. */
final class MlpTestData {
  private MlpTestData() {}

  static final StructType SCALAR_LABEL = new StructType()
      .add("features", new VectorUDT(), false).add("label", DataTypes.DoubleType, false);
  static final StructType VECTOR_LABEL = new StructType()
      .add("features", new VectorUDT(), false).add("label", new VectorUDT(), false);

  /** The 4 XOR points, each {@code repeats} times, interleaved; label = x1 XOR x2. */
  static Dataset<Row> xor(SparkSession spark, int repeats) {
    double[][] points = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    double[] labels = {0, 1, 1, 0};
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      for (int i = 0; i < 4; i++) {
        rows.add(RowFactory.create(Vectors.dense(points[i]), labels[i]));
      }
    }
    return spark.createDataFrame(rows, SCALAR_LABEL);
  }

  /** y = sin(x1) + x2·x3 − 0.5·x4² + 0.3·x5 for x ~ U(−1, 1)^5, seeded. */
  static double smooth(double[] x) {
    return Math.sin(x[0]) + x[1] * x[2] - 0.5 * x[3] * x[3] + 0.3 * x[4];
  }

  /** n rows of x ~ U(−1, 1)^5 and label {@link #smooth}(x). */
  static Dataset<Row> smoothRegression(SparkSession spark, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = uniform(rng, 5);
      rows.add(RowFactory.create(Vectors.dense(x), smooth(x)));
    }
    return spark.createDataFrame(rows, SCALAR_LABEL);
  }

  /** n rows of x ~ U(−1, 1)^3 and the Vector label (x1 + x2·x3, cos(2·x1) − x3). */
  static Dataset<Row> twoOutputRegression(SparkSession spark, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = uniform(rng, 3);
      Vector y = Vectors.dense(x[0] + x[1] * x[2], Math.cos(2 * x[0]) - x[2]);
      rows.add(RowFactory.create(Vectors.dense(x), y));
    }
    return spark.createDataFrame(rows, VECTOR_LABEL);
  }

  /** Three Gaussian blobs in 4-d (classes 0, 1, 2), well separated; n rows. */
  static Dataset<Row> blobs(SparkSession spark, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] centers = {{2, 0, 0, 1}, {-2, 1, 0, -1}, {0, -2, 2, 0}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) {
        x[j] = centers[c][j] + 0.7 * rng.nextGaussian();
      }
      rows.add(RowFactory.create(Vectors.dense(x), (double) c));
    }
    return spark.createDataFrame(rows, SCALAR_LABEL);
  }

  /** sklearn's digits (1797 × p0..p63 ints in 0..16, label 0..9) from the test resources. */
  static Dataset<Row> digitsTable(SparkSession spark) {
    StructType schema = new StructType();
    for (int i = 0; i < 64; i++) {
      schema = schema.add("p" + i, DataTypes.IntegerType, false);
    }
    schema = schema.add("label", DataTypes.IntegerType, false);
    return spark.read().option("header", "true").option("mode", "FAILFAST").schema(schema)
        .csv(resourcePath("/datasets/digits.csv"));
  }

  /** The digits with the 64 pixels assembled into "features" (raw counts) and a double label. */
  static Dataset<Row> digits(SparkSession spark) {
    Dataset<Row> table = digitsTable(spark);
    String[] pixels = Arrays.stream(table.columns()).filter(c -> c.startsWith("p")).toArray(String[]::new);
    return new VectorAssembler().setInputCols(pixels).setOutputCol("features").transform(table)
        .selectExpr("features", "CAST(label AS DOUBLE) AS label");
  }

  static String resourcePath(String name) {
    URL url = MlpTestData.class.getResource(name);
    if (url == null) {
      throw new IllegalStateException("test resource " + name + " is missing");
    }
    try {
      return Paths.get(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] uniform(SplittableRandom rng, int d) {
    double[] x = new double[d];
    for (int j = 0; j < d; j++) {
      x[j] = rng.nextDouble(-1, 1);
    }
    return x;
  }
}
