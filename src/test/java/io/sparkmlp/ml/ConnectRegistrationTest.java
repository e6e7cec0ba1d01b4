package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Init;
import io.sparkmlp.nn.Loss;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our stages as Spark Connect's server finds and builds them (Spark 4.0.1's
 * {@code org.apache.spark.sql.connect.ml.MLUtils}): it lists the classes named in
 * {@code META-INF/services/org.apache.spark.ml.Estimator} and {@code ...Transformer} with
 * {@code ServiceLoader.load(cls, loader).stream()} and {@code Provider::type} (which on the
 * class path checks for a public no-argument constructor), builds a stage by name with
 * {@code getConstructor(String.class).newInstance(uid)}, and reads one with the static
 * {@code load(String)} found by {@code getMethod("load", String.class)}. The same steps here,
 * by reflection, over the test class path (Spark's own registrations included).
 */
class ConnectRegistrationTest {
  private static final List<String> ESTIMATORS = List.of(
      "io.sparkmlp.ml.MlpClassifier", "io.sparkmlp.ml.MlpRegressor");
  private static final List<String> MODELS = List.of(
      "io.sparkmlp.ml.MlpClassificationModel", "io.sparkmlp.ml.MlpRegressionModel");

  @TempDir
  Path dir;

  /** name → class, the way MLUtils.loadOperators builds its map (a broken entry throws here). */
  private static Map<String, Class<?>> operators(Class<?> service) {
    return ServiceLoader.load(service, Thread.currentThread().getContextClassLoader()).stream()
        .collect(Collectors.toMap(p -> p.type().getName(), ServiceLoader.Provider::type));
  }

  @Test
  void serviceLoaderListsOurEstimatorsAndModelsBesideSparks() {
    Map<String, Class<?>> estimators = operators(Estimator.class);
    Map<String, Class<?>> transformers = operators(Transformer.class);
    for (String name : ESTIMATORS) {
      assertTrue(estimators.containsKey(name), name + " is not among the " + estimators.size()
          + " registered estimators: " + estimators.keySet());
    }
    for (String name : MODELS) {
      assertTrue(transformers.containsKey(name), name + " is not among the " + transformers.size()
          + " registered transformers: " + transformers.keySet());
    }
    // Spark's own registrations still resolve beside ours (one map, as the server builds it)
    assertTrue(estimators.containsKey("org.apache.spark.ml.classification.LogisticRegression"),
        "Spark's estimators are missing: " + estimators.keySet());
    assertTrue(transformers.containsKey("org.apache.spark.ml.classification.LogisticRegressionModel"),
        "Spark's transformers are missing: " + transformers.keySet());
  }

  @Test
  void eachClassIsBuiltByNameWithTheUidItIsGiven() throws Exception {
    Map<String, Class<?>> estimators = operators(Estimator.class);
    Map<String, Class<?>> transformers = operators(Transformer.class);
    for (String name : concat(ESTIMATORS, MODELS)) {
      Class<?> c = ESTIMATORS.contains(name) ? estimators.get(name) : transformers.get(name);
      String uid = "connect_" + c.getSimpleName();
      Params stage = (Params) c.getConstructor(String.class).newInstance(uid);
      assertEquals(uid, stage.uid(), name);
      assertEquals(c, stage.getClass());
      for (var p : stage.params()) {
        assertEquals(uid, p.parent(), name + "." + p.name() + " belongs to another stage");
      }
      Params unnamed = (Params) c.getConstructor().newInstance();
      assertFalse(unnamed.uid().isEmpty(), name + "() gave an empty uid");
      Method load = c.getMethod("load", String.class);
      assertTrue(Modifier.isStatic(load.getModifiers()), name + ".load(String) is not static");
      assertEquals(c, load.getReturnType(), name + ".load(String) returns " + load.getReturnType());
    }
  }

  @Test
  void aModelBuiltByNameIsAPlaceholderThatRefusesToPredict() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> df = spark.createDataFrame(
        List.of(RowFactory.create(Vectors.dense(1.0, 2.0))),
        new StructType().add("features", new org.apache.spark.ml.linalg.VectorUDT()));
    MlpClassificationModel c = new MlpClassificationModel("mlpc_placeholder");
    MlpRegressionModel r = new MlpRegressionModel("mlpr_placeholder");
    assertEquals("features", c.getFeaturesCol(), "params work on a placeholder");
    c.setPredictionCol("p");
    assertEquals("p", c.copy(new org.apache.spark.ml.param.ParamMap()).getPredictionCol());
    for (Executable call : List.<Executable>of(() -> c.transform(df), c::numFeatures,
        () -> c.write().save(dir.resolve("c").toString()), () -> r.transform(df),
        r::numOutputs, () -> r.predict(Vectors.dense(1.0, 2.0)))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call);
      assertTrue(e.getMessage().contains("_placeholder is a placeholder")
          && e.getMessage().contains(".load"), e.getMessage());
    }
    System.out.println("a placeholder's refusal: "
        + assertThrows(IllegalStateException.class, () -> c.transform(df)).getMessage());
    assertTrue(c.toString().contains("placeholder"), c.toString());
  }

  @Test
  void savedStagesLoadThroughTheReflectedLoad() throws Exception {
    SparkTestSession.get();
    Architecture ca = Architecture.of(new int[] {2, 3, 2}, Activation.TANH, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    Architecture ra = Architecture.of(new int[] {2, 3, 1}, Activation.TANH, Activation.IDENTITY,
        Loss.MSE);
    MlpClassificationModel c = new MlpClassificationModel("mlpc_reflect", ca, Init.initialize(ca, 5L));
    MlpRegressionModel r = new MlpRegressionModel("mlpr_reflect", ra, Init.initialize(ra, 6L), false);
    MlpClassifier ce = new MlpClassifier("mlpc_est").setHiddenLayers(4).setMaxEpochs(3);
    MlpRegressor re = new MlpRegressor("mlpr_est").setHiddenLayers(4).setSeed(11L);
    Map<String, Params> saved = Map.of(MODELS.get(0), c, MODELS.get(1), r, ESTIMATORS.get(0), ce,
        ESTIMATORS.get(1), re);
    for (var e : saved.entrySet()) {
      String path = dir.resolve(e.getValue().uid()).toString();
      ((org.apache.spark.ml.util.MLWritable) e.getValue()).save(path);
      Object loaded;
      try {
        loaded = Class.forName(e.getKey()).getMethod("load", String.class).invoke(null, path);
      } catch (InvocationTargetException x) {
        throw new AssertionError(e.getKey() + ".load(" + path + ") failed", x.getCause());
      }
      assertInstanceOf(Class.forName(e.getKey()), loaded);
      assertEquals(e.getValue().uid(), ((Params) loaded).uid());
    }
    assertArrayEquals(c.weights(), MlpClassificationModel.load(dir.resolve("mlpc_reflect").toString()).weights());
    assertArrayEquals(r.weights(), MlpRegressionModel.load(dir.resolve("mlpr_reflect").toString()).weights());
    assertEquals(3, MlpClassifier.load(dir.resolve("mlpc_est").toString()).getMaxEpochs());
    assertEquals(11L, MlpRegressor.load(dir.resolve("mlpr_est").toString()).getSeed());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
