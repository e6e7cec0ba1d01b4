package io.sparkmlp.ml;

import io.sparkmlp.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The saved models under {@code src/test/resources/models/} that {@link SavedModelFixtureTest}
 * loads, and the generator that made them ({@link #main}). Each fixture is a directory
 * {@code <name>/model} written by {@code model.write().save(...)} and a
 * {@code <name>/predictions.csv}: a header, then one row per input, the input's features
 * ({@code x0..}) followed by what the model gave for it ({@link #CLASSIFIER_HEADER},
 * {@link #REGRESSOR_HEADER}), every value as {@link Double#toString}, which reads back to the
 * same bits.
 *
 * <p>Rerun only to add a fixture, not to refresh the existing ones: they record what models
 * saved by an earlier commit load as. {@code src/test/resources/models/README.md} says how.
 */
final class SavedModelFixtures {
  static final String CLASSIFIER = "classifier-blobs";
  static final String REGRESSOR = "regressor-two-outputs";
  static final String MODEL_DIR = "model";
  static final String PREDICTIONS = "predictions.csv";
  /** 4 features, 3 logits, 3 probabilities, the class. */
  static final String CLASSIFIER_HEADER = "x0,x1,x2,x3,raw0,raw1,raw2,p0,p1,p2,prediction";
  /** 3 features, the 2 predicted values. */
  static final String REGRESSOR_HEADER = "x0,x1,x2,y0,y1";

  private static final StructType FEATURES_ONLY =
      new StructType().add("features", new VectorUDT(), false);

  private SavedModelFixtures() {}

  /**
   * Writes both fixtures under {@code args[0]} (default {@code src/test/resources/models}),
   * which must not hold them yet. Run from the project root with the test class path, e.g.
   * <pre>
   * mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt
   * java $(the flags of spark.java.opens in pom.xml) \
   *     -cp target/test-classes:target/classes:$(cat target/cp.txt) io.sparkmlp.ml.SavedModelFixtures
   * </pre>
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/models");
    SparkSession spark = SparkTestSession.get();
    try {
      writeClassifier(spark, root.resolve(CLASSIFIER));
      writeRegressor(spark, root.resolve(REGRESSOR));
    } finally {
      SparkTestSession.stop();
    }
  }

  /** Blobs (4-d, 3 classes), a 4-5-3 tanh network, float64, 3 epochs of adam. */
  private static void writeClassifier(SparkSession spark, Path dir) throws IOException {
    MlpClassificationModel model = new MlpClassifier().setHiddenLayers(5).setActivation("tanh")
        .setLearningRate(0.05).setBatchSize(20).setMaxEpochs(3).setSeed(7).setPrecision("float64")
        .setBlockSize(4).fit(MlpTestData.blobs(spark, 120, 3L));
    model.write().save(dir.resolve(MODEL_DIR).toString());
    Dataset<Row> inputs = MlpTestData.blobs(spark, 10, 99L);
    List<double[]> out = new ArrayList<>();
    for (Row r : model.transform(inputs).select("features", "rawPrediction", "probability", "prediction")
        .collectAsList()) {
      out.add(concat(((Vector) r.get(0)).toArray(), ((Vector) r.get(1)).toArray(),
          ((Vector) r.get(2)).toArray(), new double[] {r.getDouble(3)}));
    }
    writeCsv(dir.resolve(PREDICTIONS), CLASSIFIER_HEADER, out);
  }

  /** A Vector label (x1 + x2·x3, cos(2·x1) − x3), a 3-6-2 gelu network, float64, sgd with momentum. */
  private static void writeRegressor(SparkSession spark, Path dir) throws IOException {
    MlpRegressionModel model = new MlpRegressor().setHiddenLayers(6).setActivation("gelu")
        .setOptimizer("momentum").setLearningRate(0.05).setBatchSize(16).setMaxEpochs(4).setSeed(11)
        .setPrecision("float64").fit(MlpTestData.twoOutputRegression(spark, 96, 5L));
    model.write().save(dir.resolve(MODEL_DIR).toString());
    Dataset<Row> inputs = MlpTestData.twoOutputRegression(spark, 10, 77L);
    List<double[]> out = new ArrayList<>();
    for (Row r : model.transform(inputs).select("features", "prediction").collectAsList()) {
      out.add(concat(((Vector) r.get(0)).toArray(), ((Vector) r.get(1)).toArray()));
    }
    writeCsv(dir.resolve(PREDICTIONS), REGRESSOR_HEADER, out);
  }

  /**
   * The rows of a fixture's {@code predictions.csv}, after checking its header.
   *
   * @throws IllegalArgumentException when the header is not {@code header} or a row has
   *     another number of values, naming the file and the line
   */
  static List<double[]> readCsv(Path file, String header) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty() || !lines.get(0).equals(header)) {
      throw new IllegalArgumentException(file + ": expected the header " + header + ", found "
          + (lines.isEmpty() ? "an empty file" : lines.get(0)));
    }
    int width = header.split(",").length;
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length != width) {
        throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected " + width
            + " values, found " + f.length);
      }
      rows.add(Arrays.stream(f).mapToDouble(Double::parseDouble).toArray());
    }
    return rows;
  }

  /** A one-column frame, {@code features}: the first {@code d} values of each fixture row, in order. */
  static Dataset<Row> inputs(SparkSession spark, List<double[]> rows, int d) {
    List<Row> out = new ArrayList<>();
    for (double[] r : rows) {
      out.add(RowFactory.create(Vectors.dense(Arrays.copyOf(r, d))));
    }
    return spark.createDataFrame(out, FEATURES_ONLY);
  }

  private static void writeCsv(Path file, String header, List<double[]> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(header);
    for (double[] r : rows) {
      lines.add(Arrays.stream(r).mapToObj(Double::toString).collect(Collectors.joining(",")));
    }
    Files.write(file, lines);
  }

  private static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
