package io.sparkmlp.ml.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import io.sparkmlp.SparkTestSession;
import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.ml.MlpClassificationModel;
import io.sparkmlp.ml.MlpClassifier;
import io.sparkmlp.ml.MlpRegressionModel;
import io.sparkmlp.ml.MlpRegressor;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.Tokenizer;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX export against ONNX Runtime on real MNIST (data/mnist, from scripts/get-data.sh mnist):
 * small models trained for one epoch on 2,000 training rows, then 1,000 test rows through Spark
 * (float32) and through the exported graph. Probabilities (and regression outputs) agree to
 * 1e-5 and the predicted classes are identical, for every activation, with and without a
 * StandardScaler folded in; unexportable stages are refused by name; the default format still
 * saves and loads.
 */
class OnnxExportTest {
  static final double TOLERANCE = 1e-5;
  /** Max ONNX-vs-Spark probability difference per case, printed at the end for the record. */
  static final Map<String, Double> MEASURED = new TreeMap<>();

  @TempDir static Path tmp;
  static Dataset<Row> train;
  static Dataset<Row> test;

  @BeforeAll
  static void mnist() {
    SparkSession spark = SparkTestSession.get();
    String dir = "data/mnist";
    assertTrue(Files.isDirectory(Path.of(dir)), dir + " is missing: run scripts/get-data.sh mnist");
    train = DataLoader.load(spark, dir, DataFormat.IDX, "label", 2).limit(2000).cache();
    test = DataLoader.loadDefaultTest(spark, dir, new DataOptions().format(DataFormat.IDX).labelCol("label"))
        .orElseThrow(() -> new AssertionError(dir + " has no t10k pair")).limit(1000).cache();
    assertEquals(1000, test.count());
  }

  @AfterAll
  static void report() {
    System.out.println("ONNX vs Spark (float32), max |Δ| over 1,000 MNIST test rows: " + MEASURED);
    train.unpersist();
    test.unpersist();
  }

  static MlpClassifier classifier(Activation a) {
    return new MlpClassifier().setHiddenLayers(16, 12).setActivation(a.id()).setOptimizer("adam")
        .setLearningRate(0.005).setBatchSize(250).setMaxEpochs(1).setSeed(5).setNumPartitions(2);
  }

  /** Spark's output rows on the test rows (features included, so ONNX sees the same rows). */
  static List<Row> sparkRows(Transformer model, String... cols) {
    return model.transform(test).select("features", cols).collectAsList();
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void classifierMatchesOnnxRuntimeForEachActivation(Activation a) throws IOException, OrtException {
    MlpClassificationModel model = classifier(a).fit(train);
    Path file = tmp.resolve("mnist-" + a.id() + ".onnx");
    model.write().format("onnx").save(file.toString());

    List<Row> spark = sparkRows(model, "probability", "rawPrediction", "prediction");
    Map<String, float[][]> onnx = OnnxRun.run(file, OnnxRun.features(spark, "features"));
    double dp = OnnxRun.maxAbsDiff(onnx.get("probability"), spark, "probability");
    MEASURED.put(a.id(), dp);
    assertTrue(dp <= TOLERANCE, a.id() + ": max |Δ probability| " + dp + " > " + TOLERANCE);
    double dl = OnnxRun.maxAbsDiff(onnx.get("rawPrediction"), spark, "rawPrediction");
    assertTrue(dl <= 1e-4, a.id() + ": max |Δ logit| " + dl);
    assertEquals(0, OnnxRun.classMismatches(onnx.get("prediction"), spark), a.id() + ": predicted classes");

    OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(3, count(m, "Gemm"), "one Gemm per layer");
    assertEquals(1, count(m, "Softmax"));
    String op = switch (a) {
      case IDENTITY -> null;
      case RELU -> "Relu";
      case LEAKY_RELU -> "LeakyRelu";
      case TANH -> "Tanh";
      case SIGMOID -> "Sigmoid";
      case GELU -> "Erf";
    };
    if (op != null) {
      assertEquals(2, count(m, op), "one " + op + " per hidden layer");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void standardisedPipelineTakesRawFeatures(boolean withMean) throws IOException, OrtException {
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(withMean).setWithStd(true),
        classifier(Activation.TANH).setFeaturesCol("scaled")}).fit(train);
    // through a save and load, as jobs/export.sh meets it
    String saved = tmp.resolve("pipeline-" + withMean).toString();
    pipeline.write().save(saved);
    PipelineModel loaded = PipelineModel.load(saved);
    Path file = tmp.resolve("pipeline-" + withMean + ".onnx");
    String described = OnnxExport.save(loaded, file.toString(), false,
        SparkTestSession.get().sparkContext().hadoopConfiguration());
    assertTrue(described.contains("input features float [batch, 784]"), described);

    List<Row> spark = sparkRows(loaded, "probability", "prediction");
    Map<String, float[][]> onnx = OnnxRun.run(file, OnnxRun.features(spark, "features"));
    double dp = OnnxRun.maxAbsDiff(onnx.get("probability"), spark, "probability");
    MEASURED.put("tanh, StandardScaler withMean=" + withMean, dp);
    assertTrue(dp <= TOLERANCE, "max |Δ probability| " + dp);
    assertEquals(0, OnnxRun.classMismatches(onnx.get("prediction"), spark));
    OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(withMean ? 1 : 0, count(m, "Sub"));
    assertEquals(1, count(m, "Mul"));
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> OnnxExport.save(loaded,
        file.toString(), false, SparkTestSession.get().sparkContext().hadoopConfiguration()));
  }

  @Test
  void regressorMatchesOnnxRuntime() throws IOException, OrtException {
    MlpRegressionModel model = new MlpRegressor().setHiddenLayers(16).setActivation("sigmoid")
        .setOptimizer("adam").setLearningRate(0.005).setBatchSize(250).setMaxEpochs(1).setSeed(3)
        .fit(train);
    Path file = tmp.resolve("regressor.onnx");
    model.write().format("onnx").save(file.toString());
    List<Row> spark = model.transform(test).select("features", "prediction").collectAsList();
    float[][] onnx = OnnxRun.run(file, OnnxRun.features(spark, "features")).get("prediction");
    double max = 0;
    for (int i = 0; i < onnx.length; i++) {
      assertEquals(1, onnx[i].length);
      max = Math.max(max, Math.abs(onnx[i][0] - spark.get(i).getDouble(1)) / Math.max(1, Math.abs(spark.get(i).getDouble(1))));
    }
    MEASURED.put("regressor sigmoid (relative)", max);
    assertTrue(max <= TOLERANCE, "max relative |Δ prediction| " + max);
  }

  @Test
  void vectorRegressorAndThresholdsMatch() throws IOException, OrtException {
    // a two-layer 784-8(gelu)-3 regressor with seeded weights, no training
    Architecture arch = Architecture.of(new int[] {784, 8, 3}, Activation.GELU, Activation.IDENTITY, Loss.MSE);
    MlpRegressionModel r = new MlpRegressionModel(Identifiable.randomUID("mlpr"), arch, randomTheta(arch, 9), true);
    Path rf = tmp.resolve("vector-regressor.onnx");
    r.write().format("onnx").save(rf.toString());
    List<Row> spark = r.transform(test).select("features", "prediction").collectAsList();
    double d = OnnxRun.maxAbsDiff(OnnxRun.run(rf, OnnxRun.features(spark, "features")).get("prediction"),
        spark, "prediction");
    MEASURED.put("vector regressor gelu, seeded weights", d);
    assertTrue(d <= TOLERANCE, "max |Δ prediction| " + d);

    MlpClassificationModel c = classifier(Activation.RELU).fit(train);
    c.setThresholds(new double[] {0.5, 1, 1, 2, 1, 1, 0.8, 1, 3, 1});
    Path cf = tmp.resolve("thresholds.onnx");
    c.write().format("onnx").save(cf.toString());
    List<Row> cs = sparkRows(c, "probability", "prediction");
    Map<String, float[][]> onnx = OnnxRun.run(cf, OnnxRun.features(cs, "features"));
    assertEquals(0, OnnxRun.classMismatches(onnx.get("prediction"), cs), "classes with thresholds");
    assertEquals(1, count(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(cf)), "Div"));
  }

  @Test
  void stagesWithoutAnOnnxFormAreRefusedByName() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> text = spark.createDataFrame(List.of(RowFactory.create("a b c"), RowFactory.create("b c d")),
        new StructType().add("text", DataTypes.StringType));
    Architecture arch = Architecture.of(new int[] {32, 4, 2}, Activation.RELU, Activation.IDENTITY, Loss.CROSS_ENTROPY);
    MlpClassificationModel mlp = new MlpClassificationModel(Identifiable.randomUID("mlpc"), arch, randomTheta(arch, 1));
    mlp.setFeaturesCol("tf");
    Tokenizer tokenizer = new Tokenizer().setInputCol("text").setOutputCol("words");
    PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {tokenizer,
        new HashingTF().setInputCol("words").setOutputCol("tf").setNumFeatures(32), mlp}).fit(text);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxExport.model(pm));
    assertTrue(e.getMessage().contains("stage 0, " + tokenizer.uid() + " (Tokenizer), has no ONNX form"),
        e.getMessage());

    IllegalArgumentException notMlp = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.model(tokenizer));
    assertTrue(notMlp.getMessage().contains("expected a sparkmlp MLP model"), notMlp.getMessage());

    IllegalArgumentException option = assertThrows(IllegalArgumentException.class, () ->
        mlp.write().format("onnx").option("opset", "20").save(tmp.resolve("option.onnx").toString()));
    assertTrue(option.getMessage().contains("takes no options, found [opset]"), option.getMessage());
  }

  @Test
  void theDefaultFormatStillSavesAndLoads() throws IOException {
    Architecture arch = Architecture.of(new int[] {6, 5, 3}, Activation.TANH, Activation.IDENTITY, Loss.CROSS_ENTROPY);
    double[] theta = randomTheta(arch, 2);
    MlpClassificationModel c = new MlpClassificationModel(Identifiable.randomUID("mlpc"), arch, theta);
    String a = tmp.resolve("default-save").toString();
    String b = tmp.resolve("default-write").toString();
    String i = tmp.resolve("default-internal").toString();
    c.save(a);
    c.write().save(b);
    c.write().overwrite().save(b);
    c.write().format("internal").save(i);
    for (String p : List.of(a, b, i)) {
      MlpClassificationModel back = MlpClassificationModel.load(p);
      assertEquals(arch, back.architecture(), p);
      assertArrayEquals(theta, back.weights(), 0.0, p);
    }
    assertThrows(IOException.class, () -> c.write().save(a), "an existing path without overwrite()");

    Architecture ra = Architecture.of(new int[] {6, 4, 2}, Activation.RELU, Activation.IDENTITY, Loss.MSE);
    MlpRegressionModel r = new MlpRegressionModel(Identifiable.randomUID("mlpr"), ra, randomTheta(ra, 4), true);
    String rp = tmp.resolve("default-regressor").toString();
    r.save(rp);
    MlpRegressionModel rb = MlpRegressionModel.load(rp);
    assertTrue(rb.hasVectorPrediction());
    assertArrayEquals(r.weights(), rb.weights(), 0.0);

    // onnx over an existing path: refused, then replaced with overwrite()
    String onnx = tmp.resolve("twice.onnx").toString();
    c.write().format("onnx").save(onnx);
    assertThrows(IOException.class, () -> c.write().format("onnx").save(onnx));
    c.write().format("onnx").overwrite().save(onnx);
    assertTrue(Files.size(Path.of(onnx)) > 0);
  }

  private static long count(OnnxMl.ModelProto m, String opType) {
    return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
  }

  /** Uniform in ±√(6/(in+out)) per layer's W, ±0.1 for b: logits of a few units. */
  private static double[] randomTheta(Architecture arch, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] theta = new double[arch.numParams()];
    for (int l = 0; l < arch.numLayers(); l++) {
      int in = arch.size(l), out = arch.size(l + 1);
      double limit = Math.sqrt(6.0 / (in + out));
      for (int j = 0; j < in * out; j++) {
        theta[arch.weightOffset(l) + j] = rng.nextDouble(-limit, limit);
      }
      for (int j = 0; j < out; j++) {
        theta[arch.biasOffset(l) + j] = rng.nextDouble(-0.1, 0.1);
      }
    }
    return theta;
  }
}
