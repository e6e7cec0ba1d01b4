package io.sparkmlp.ml;

import static io.sparkmlp.train.Hyperparams.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.train.TrainConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Params of both estimators: defaults from TrainConfig, setters, validation, copy. No Spark job runs here. */
class MlpParamsTest {

  @Test
  void defaultsAreTrainConfigs() {
    TrainConfig d = new TrainConfig();
    for (MlpParams p : List.of(new MlpClassifier(), new MlpRegressor())) {
      assertArrayEquals(d.get(HIDDEN_LAYERS), p.getHiddenLayers());
      assertEquals(d.get(ACTIVATION), p.getActivation());
      assertEquals("auto", p.getLoss());
      assertEquals(null, d.loss(), "TrainConfig's null loss is 'auto' here");
      assertEquals(d.get(OPTIMIZER), p.getOptimizer());
      assertEquals(d.get(LEARNING_RATE), p.getLearningRate());
      assertEquals(d.get(LR_SCHEDULE), p.getLrSchedule());
      assertEquals(d.get(WARMUP_STEPS), p.getWarmupSteps());
      assertEquals(d.get(LR_STEP_SIZE), p.getLrStepSize());
      assertEquals(d.get(LR_GAMMA), p.getLrGamma());
      assertEquals(d.get(MIN_LEARNING_RATE), p.getMinLearningRate());
      assertEquals(d.get(MOMENTUM), p.getMomentum());
      assertEquals(d.get(WEIGHT_DECAY), p.getWeightDecay());
      assertEquals(d.get(GRAD_CLIP), p.getGradClip());
      assertEquals(d.get(BATCH_SIZE), p.getBatchSize());
      assertEquals(d.get(MAX_EPOCHS), p.getMaxEpochs());
      assertEquals(d.get(SEED), p.getSeed());
      assertEquals(d.get(PRECISION), p.getPrecision());
      assertEquals(d.get(AGGREGATION_DEPTH), p.getAggregationDepth());
      assertEquals(d.get(VALIDATION_FRACTION), p.getValidationFraction());
      assertEquals(d.get(EARLY_STOPPING_PATIENCE), p.getEarlyStoppingPatience());
      assertEquals(d.get(MIN_DELTA), p.getMinDelta());
      assertEquals(d.get(BLOCK_SIZE), p.getBlockSize());
      assertEquals(d.get(NUM_PARTITIONS), p.getNumPartitions());
      assertEquals(0, p.getNumPartitions());
      assertEquals(comparable(d.toMap()), comparable(p.toTrainConfig().toMap()),
          "the default params describe the default TrainConfig");
    }
  }

  /** The map with int[] values as lists, so that equals compares contents. */
  private static Map<String, Object> comparable(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v instanceof int[] a ? Arrays.stream(a).boxed().toList() : v));
    return out;
  }

  /** Each setting the table marks as a Param is one on both stages, with the table's default and doc. */
  @Test
  void everyTableParamIsAStageParam() {
    for (MlpParams p : List.of(new MlpClassifier(), new MlpRegressor())) {
      for (io.sparkmlp.train.Hyperparam<?> h : io.sparkmlp.train.Hyperparams.PARAMS) {
        assertTrue(p.hasParam(h.name()), h.name());
        Object d = p.getOrDefault(p.getParam(h.name()));
        assertEquals(h.format(h.defaultValue()), h.format(d), h.name());
        assertEquals(h.paramDoc(), p.getParam(h.name()).doc(), h.name());
      }
    }
    MlpClassifier c = new MlpClassifier().setAdamBeta2(0.98);
    assertEquals(0.98, c.getAdamBeta2());
    assertEquals(0.98, c.toTrainConfig().get(ADAM_BETA2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.setAdamBeta2(1.0));
    assertTrue(e.getMessage().contains("adamBeta2 = 1: must be in [0, 1)"), e.getMessage());
  }

  @Test
  void sparkFindsEveryParamAndTheStandardColumns() {
    Set<String> names = Arrays.stream(new MlpClassifier().params()).map(Param::name)
        .collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("hiddenLayers", "activation", "loss", "optimizer",
        "learningRate", "lrSchedule", "warmupSteps", "weightDecay", "gradClip", "batchSize",
        "maxEpochs", "seed", "precision", "aggregationDepth", "validationFraction",
        "earlyStoppingPatience", "numPartitions", "blockSize", "featuresCol", "labelCol",
        "predictionCol", "probabilityCol", "rawPredictionCol", "thresholds")), names.toString());
    MlpClassifier c = new MlpClassifier();
    for (Param<?> p : c.params()) {
      assertEquals(c.uid(), p.parent(), "param " + p.name() + " belongs to its stage");
    }
    assertTrue(c.uid().startsWith("mlpc_"), c.uid());
    assertTrue(new MlpRegressor().uid().startsWith("mlpr_"));
    assertTrue(c.explainParams().contains("learningRate: base learning rate"), c.explainParams());
  }

  @Test
  void settersReturnThisAndSetTheValue() {
    MlpClassifier c = new MlpClassifier();
    assertSame(c, c.setHiddenLayers(10, 5));
    assertSame(c, c.setActivation("tanh").setLoss("cross_entropy").setOptimizer("sgd")
        .setLearningRate(0.5).setLrSchedule("cosine").setWarmupSteps(3).setLrStepSize(4)
        .setLrGamma(0.5).setMinLearningRate(1e-4).setMomentum(0.8).setWeightDecay(1e-3)
        .setGradClip(2).setBatchSize(7).setMaxEpochs(3).setSeed(99).setPrecision("float64")
        .setAggregationDepth(3).setValidationFraction(0.2).setEarlyStoppingPatience(2)
        .setMinDelta(1e-3).setBlockSize(64).setNumPartitions(4)
        .setFeaturesCol("f").setLabelCol("y").setPredictionCol("p").setProbabilityCol("pr")
        .setRawPredictionCol("r"));
    assertArrayEquals(new int[] {10, 5}, c.getHiddenLayers());
    assertEquals("tanh", c.getActivation());
    assertEquals(0.5, c.getLearningRate());
    assertEquals(99L, c.getSeed());
    assertEquals("float64", c.getPrecision());
    assertEquals(4, c.getNumPartitions());
    assertEquals("f", c.getFeaturesCol());
    assertEquals("r", c.getRawPredictionCol());
    TrainConfig cfg = c.toTrainConfig();
    assertEquals("cross_entropy", cfg.loss());
    assertEquals(64, cfg.get(BLOCK_SIZE));
    assertEquals(3, cfg.get(WARMUP_STEPS));
    assertEquals(4, cfg.get(NUM_PARTITIONS));
    MlpRegressor r = new MlpRegressor();
    assertSame(r, r.setLearningRate(0.1).setFeaturesCol("f").setLabelCol("y"));
  }

  @Test
  void badValuesAreRejectedNamingTheParam() {
    MlpClassifier c = new MlpClassifier();
    Map<String, Executable> bad = Map.of(
        "learningRate", () -> c.setLearningRate(0),
        "activation", () -> c.setActivation("swish"),
        "optimizer", () -> c.setOptimizer("lbfgs"),
        "hiddenLayers", () -> c.setHiddenLayers(10, 0),
        "precision", () -> c.setPrecision("float16"),
        "batchSize", () -> c.setBatchSize(0),
        "validationFraction", () -> c.setValidationFraction(1.0),
        "loss", () -> c.setLoss("hinge"),
        "numPartitions", () -> c.setNumPartitions(-1),
        "lrSchedule", () -> c.setLrSchedule("linear"));
    bad.forEach((name, call) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, name);
      assertTrue(e.getMessage().startsWith(c.uid() + " param " + name), e.getMessage());
    });
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> new MlpRegressor().setLearningRate(-1e-3));
    assertTrue(negative.getMessage().contains("learningRate = -0.001: must be a finite number > 0"),
        negative.getMessage());
    assertEquals(new TrainConfig().get(LEARNING_RATE), c.getLearningRate(), "a rejected value is not set");
  }

  @Test
  void gridValuesAreCheckedWhenTheGridIsBuilt() {
    MlpClassifier c = new MlpClassifier();
    assertThrows(IllegalArgumentException.class,
        () -> new ParamGridBuilder().addGrid(c.learningRate(), new double[] {0.1, -1}).build());
  }

  @Test
  void copyKeepsUidAndValuesAndAppliesExtra() {
    MlpClassifier c = new MlpClassifier().setHiddenLayers(7).setLearningRate(0.2);
    MlpClassifier copy = c.copy(new ParamMap().put(c.maxEpochs(), 3).put(c.hiddenLayers(), new int[] {4, 4}));
    assertNotSame(c, copy);
    assertEquals(c.uid(), copy.uid());
    assertEquals(0.2, copy.getLearningRate());
    assertEquals(3, copy.getMaxEpochs());
    assertArrayEquals(new int[] {4, 4}, copy.getHiddenLayers());
    assertArrayEquals(new int[] {7}, c.getHiddenLayers(), "the original is untouched");
    assertEquals(new TrainConfig().get(MAX_EPOCHS), c.getMaxEpochs());
    MlpRegressor r = new MlpRegressor().setActivation("sigmoid");
    assertEquals("sigmoid", r.copy(ParamMap.empty()).getActivation());
    Consumer<int[]> mutate = a -> a[0] = -5;
    mutate.accept(copy.getHiddenLayers());
    assertArrayEquals(new int[] {4, 4}, copy.getHiddenLayers(), "getHiddenLayers returns a copy");
  }
}
