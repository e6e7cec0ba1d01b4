package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MlpClassifier as a Pipeline stage (VectorAssembler → StandardScaler → MlpClassifier) and under CrossValidator. */
class MlpPipelineTest {
  @TempDir
  Path dir;

  /** The digits table's first 600 rows: 64 integer pixel columns and a label. */
  private static Dataset<Row> digitColumns(SparkSession spark) {
    return MlpTestData.digitsTable(spark).limit(600).cache();
  }

  private static Pipeline pipeline(Dataset<Row> table, MlpClassifier mlp) {
    String[] pixels = Arrays.stream(table.columns()).filter(c -> c.startsWith("p")).toArray(String[]::new);
    VectorAssembler assembler = new VectorAssembler().setInputCols(pixels).setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features");
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, mlp});
  }

  @Test
  void fitsTransformsAndRoundTripsAsAPipeline() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = digitColumns(spark);
    MlpClassifier mlp = new MlpClassifier().setHiddenLayers(32).setLearningRate(0.01)
        .setBatchSize(100).setMaxEpochs(8).setSeed(4);
    Pipeline pipeline = pipeline(table, mlp);
    PipelineModel fitted = pipeline.fit(table);
    MlpClassificationModel model = (MlpClassificationModel) fitted.stages()[2];
    assertEquals(64, model.numFeatures());
    assertEquals(10, model.numClasses());
    assertEquals(mlp.uid(), model.uid());
    assertEquals(mlp, model.parent());
    List<Row> before = fitted.transform(table).select("probability", "prediction").collectAsList();
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(fitted.transform(table));
    assertTrue(accuracy > 0.8, "training accuracy after 8 epochs: " + accuracy);

    String modelPath = dir.resolve("pipeline-model").toString();
    fitted.write().save(modelPath);
    PipelineModel loaded = PipelineModel.load(modelPath);
    assertInstanceOf(MlpClassificationModel.class, loaded.stages()[2]);
    List<Row> after = loaded.transform(table).select("probability", "prediction").collectAsList();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(((Vector) before.get(i).get(0)).toArray(), ((Vector) after.get(i).get(0)).toArray(), 0.0);
      assertEquals(before.get(i).getDouble(1), after.get(i).getDouble(1));
    }

    String pipelinePath = dir.resolve("pipeline").toString();
    pipeline.write().save(pipelinePath);
    Pipeline unfitted = Pipeline.load(pipelinePath);
    MlpClassifier stage = (MlpClassifier) unfitted.getStages()[2];
    assertArrayEquals(new int[] {32}, stage.getHiddenLayers());
    assertEquals(8, stage.getMaxEpochs());
    table.unpersist();
  }

  @Test
  void crossValidatorPicksAModelFromAGrid() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = digitColumns(spark);
    MlpClassifier mlp = new MlpClassifier().setHiddenLayers(24).setBatchSize(100).setMaxEpochs(4)
        .setSeed(8);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(mlp.learningRate(), new double[] {1e-4, 1e-2})
        .addGrid(mlp.hiddenLayers(), scala.jdk.javaapi.CollectionConverters.asScala(
            List.of(new int[] {24})).toSeq())
        .build();
    assertEquals(2, grid.length);
    CrossValidator cv = new CrossValidator().setEstimator(pipeline(table, mlp))
        .setEstimatorParamMaps(grid).setEvaluator(new MulticlassClassificationEvaluator()
            .setMetricName("accuracy")).setNumFolds(2).setSeed(21);
    CrossValidatorModel best = cv.fit(table);
    double[] metrics = best.avgMetrics();
    System.out.println("cross-validation accuracy for learningRate 1e-4, 1e-2: " + Arrays.toString(metrics));
    assertEquals(2, metrics.length);
    for (double m : metrics) {
      assertTrue(m >= 0 && m <= 1, "avg metric " + m);
    }
    assertTrue(metrics[1] > metrics[0], "1e-2 should beat 1e-4 in 4 epochs: " + Arrays.toString(metrics));
    MlpClassificationModel chosen = (MlpClassificationModel) ((PipelineModel) best.bestModel()).stages()[2];
    assertEquals(1e-2, chosen.getLearningRate());
    table.unpersist();
  }
}
