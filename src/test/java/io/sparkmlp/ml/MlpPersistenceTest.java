package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load of models and estimators, across SparkSessions, and the errors of bad directories. */
class MlpPersistenceTest {
  @TempDir
  Path dir;

  @Test
  void classificationModelLoadedInANewSessionPredictsIdentically() throws IOException {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = MlpTestData.blobs(spark, 200, 3L).collectAsList();
    Dataset<Row> data = spark.createDataFrame(rows, MlpTestData.SCALAR_LABEL);
    MlpClassificationModel model = new MlpClassifier().setHiddenLayers(12, 6).setActivation("tanh")
        .setLearningRate(0.02).setBatchSize(50).setMaxEpochs(3).setSeed(5).fit(data);
    List<Row> before = model.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
    String path = dir.resolve("model").toString();
    model.write().save(path);
    String uid = model.uid();
    double[] weights = model.weights();
    Architecture arch = model.architecture();

    SparkSession fresh = SparkTestSession.restart();
    MlpClassificationModel loaded = MlpClassificationModel.load(path);
    assertEquals(uid, loaded.uid());
    assertEquals(arch, loaded.architecture());
    assertArrayEquals(weights, loaded.weights(), 0.0);
    assertArrayEquals(new int[] {12, 6}, loaded.getHiddenLayers());
    assertEquals("tanh", loaded.getActivation());
    assertEquals(0.02, loaded.getLearningRate());
    assertEquals("float32", loaded.getPrecision());
    assertFalse(loaded.hasSummary());
    assertThrows(IllegalStateException.class, loaded::summary);
    Dataset<Row> again = fresh.createDataFrame(rows, MlpTestData.SCALAR_LABEL);
    List<Row> after = loaded.transform(again).select("rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(before.size(), after.size());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(((Vector) before.get(i).get(0)).toArray(), ((Vector) after.get(i).get(0)).toArray(), 0.0);
      assertArrayEquals(((Vector) before.get(i).get(1)).toArray(), ((Vector) after.get(i).get(1)).toArray(), 0.0);
      assertEquals(before.get(i).getDouble(2), after.get(i).getDouble(2), 0.0);
    }
  }

  @Test
  void regressionModelKeepsItsVectorPrediction() throws IOException {
    Architecture arch = Architecture.of(new int[] {3, 5, 2}, Activation.RELU, Activation.IDENTITY, Loss.MSE);
    MlpRegressionModel model = new MlpRegressionModel("mlpr_test", arch, Init.initialize(arch, 1L), true);
    assertArrayEquals(new int[] {5}, model.getHiddenLayers(), "the params describe the network");
    assertEquals("relu", model.getActivation());
    String path = dir.resolve("regression").toString();
    model.write().save(path);
    MlpRegressionModel loaded = MlpRegressionModel.load(path);
    assertTrue(loaded.hasVectorPrediction());
    assertEquals(2, loaded.numOutputs());
    Vector x = Vectors.dense(0.5, -1, 2);
    assertEquals(model.predictVector(x), loaded.predictVector(x));
    IOException exists = assertThrows(IOException.class, () -> model.write().save(path));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    model.write().overwrite().save(path);
  }

  @Test
  void estimatorsSaveTheirParams() throws IOException {
    MlpClassifier c = new MlpClassifier().setHiddenLayers(9, 3).setOptimizer("nesterov")
        .setLearningRate(0.3).setSeed(123).setLabelCol("y").setPrecision("float64");
    c.write().save(dir.resolve("classifier").toString());
    MlpClassifier lc = MlpClassifier.load(dir.resolve("classifier").toString());
    assertEquals(c.uid(), lc.uid());
    assertArrayEquals(new int[] {9, 3}, lc.getHiddenLayers());
    assertEquals("nesterov", lc.getOptimizer());
    assertEquals(0.3, lc.getLearningRate());
    assertEquals(123L, lc.getSeed());
    assertEquals("y", lc.getLabelCol());
    assertEquals("float64", lc.getPrecision());
    assertEquals(c.getMaxEpochs(), lc.getMaxEpochs());
    assertFalse(lc.isSet(lc.maxEpochs()), "a default stays a default");
    MlpRegressor r = new MlpRegressor().setWeightDecay(0.01);
    r.write().save(dir.resolve("regressor").toString());
    assertEquals(0.01, MlpRegressor.load(dir.resolve("regressor").toString()).getWeightDecay());
  }

  @Test
  void badDirectoriesGiveErrorsNamingThePathAndWhatWasFound() throws IOException {
    Architecture arch = Architecture.of(new int[] {2, 3}, Activation.RELU, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    MlpClassificationModel model = new MlpClassificationModel("mlpc_x", arch, Init.initialize(arch, 2L));
    String path = dir.resolve("m").toString();
    model.write().save(path);

    String missing = dir.resolve("nothing-here").toString();
    assertMessage(() -> MlpClassificationModel.load(missing), missing, "does not exist");

    assertMessage(() -> MlpRegressionModel.load(path), path,
        "as io.sparkmlp.ml.MlpRegressionModel", "holds a io.sparkmlp.ml.MlpClassificationModel");

    rewriteMetadata(path, json -> json.replace("\"formatVersion\":1", "\"formatVersion\":99"));
    assertMessage(() -> MlpClassificationModel.load(path), path, "formatVersion is 99",
        "reads formatVersion 1");

    rewriteMetadata(path, json -> "{\"class\": \"io.sparkmlp.ml.MlpClassificationModel\", trunc");
    assertMessage(() -> MlpClassificationModel.load(path), path, "is not JSON", "found: {\"class\"");

    rewriteMetadata(path, json -> "[1, 2, 3]");
    assertMessage(() -> MlpClassificationModel.load(path), path, "is not a JSON object");

    String noData = dir.resolve("nodata").toString();
    model.write().save(noData);
    deleteTree(Path.of(noData, "data"));
    assertMessage(() -> MlpClassificationModel.load(noData), noData, "no data/ directory",
        "found [metadata]");

    // data/ present but its Parquet file truncated, or gone: a Spark job failure and a checked
    // AnalysisException underneath, both reported as the model's unreadable data/
    String truncated = dir.resolve("truncated").toString();
    model.write().save(truncated);
    for (Path f : dataFiles(truncated)) {
      if (f.getFileName().toString().endsWith(".crc")) {
        Files.delete(f);
      } else if (f.getFileName().toString().startsWith("part-")) {
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 20));
      }
    }
    assertMessage(() -> MlpClassificationModel.load(truncated), truncated, "/data is not readable Parquet");
    String emptyData = dir.resolve("emptydata").toString();
    model.write().save(emptyData);
    for (Path f : dataFiles(emptyData)) {
      Files.delete(f);
    }
    assertMessage(() -> MlpClassificationModel.load(emptyData), emptyData, "/data is not readable Parquet");

    String noMetadata = dir.resolve("nometa").toString();
    model.write().save(noMetadata);
    deleteTree(Path.of(noMetadata, "metadata"));
    assertMessage(() -> MlpClassificationModel.load(noMetadata), noMetadata, "no metadata/ directory",
        "found [data]");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable load, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, load);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  /** Replaces the metadata line (and drops Hadoop's checksum files, which would no longer match). */
  private static void rewriteMetadata(String path, java.util.function.UnaryOperator<String> edit)
      throws IOException {
    Path metadata = Path.of(path, "metadata");
    try (Stream<Path> files = Files.list(metadata)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".crc")) {
          Files.delete(f);
        } else if (name.startsWith("part-")) {
          Files.writeString(f, edit.apply(Files.readString(f).trim()) + "\n");
        }
      }
    }
  }

  private static List<Path> dataFiles(String model) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(model, "data"))) {
      return files.toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
