package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The refusals of the API in a user's program: each is an IllegalArgumentException that names
 * the column (and the row, for a bad row) and is raised without a failed Spark task.
 */
class MlpInputRefusalsTest {
  private static final StructType NULLABLE = new StructType()
      .add("features", new VectorUDT(), true).add("label", DataTypes.DoubleType, true);
  private static MlpClassificationModel model;

  @BeforeAll
  static void fitOne() {
    model = small().fit(rows(SparkTestSession.get(), -1, null, 0.0));
  }

  private static MlpClassifier small() {
    return new MlpClassifier().setHiddenLayers(3).setMaxEpochs(1).setBatchSize(5).setNumPartitions(0);
  }

  /** Ten rows (2 features, labels 0, 1, 0, …) in one partition; at {@code at} the given features and label. */
  private static Dataset<Row> rows(SparkSession spark, int at, Object features, Double label) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(i == at ? RowFactory.create(features, label) : RowFactory.create(Vectors.dense(i, 1), (double) (i % 2)));
    }
    return spark.createDataFrame(rows, NULLABLE).coalesce(1);
  }

  /** The message of the IllegalArgumentException {@code fit} throws, after checking that no task failed. */
  private static String refusal(Executable fit, String... parts) throws Exception {
    SparkSession spark = SparkTestSession.get();
    try (SparkState.FailedTasks failed = new SparkState.FailedTasks(spark.sparkContext())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit);
      System.out.println("refused: " + e.getMessage());
      for (String p : parts) {
        assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
      }
      assertEquals(0, failed.count(), "failed Spark tasks for: " + e.getMessage());
      return e.getMessage();
    }
  }

  @Test
  void badRowsNameTheRowAndColumn() throws Exception {
    SparkSession spark = SparkTestSession.get();
    refusal(() -> small().fit(rows(spark, 4, null, 1.0)), "row 4", "features are null");
    refusal(() -> small().fit(rows(spark, 7, Vectors.dense(1, 2), null)), "row 7", "label is null");
    refusal(() -> small().fit(rows(spark, 2, Vectors.dense(1, 2), Double.NaN)), "row 2", "NaN");
  }

  @Test
  void badColumnsNameTheColumnAndWhatItHolds() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> strings = rows(spark, -1, null, 0.0)
        .withColumn("label", functions.when(functions.col("label").equalTo(0), "cat").otherwise("dog"));
    refusal(() -> small().fit(strings), "label column 'label' is string", "StringIndexer");
    refusal(() -> new MlpRegressor().fit(strings), "label column 'label' is string", "cast it to double");

    Dataset<Row> textFeatures = rows(spark, -1, null, 0.0).withColumn("features", functions.lit("1,2"));
    refusal(() -> small().fit(textFeatures), "features column 'features' is string",
        "expected a Vector", "array<double>", "VectorAssembler");
    refusal(() -> model.transform(textFeatures), "features column 'features' is string");
    refusal(() -> small().setFeaturesCol("x").fit(textFeatures), "no features column 'x'");
  }

  @Test
  void emptyAndSingleClassDataAreRefused() throws Exception {
    SparkSession spark = SparkTestSession.get();
    refusal(() -> small().fit(rows(spark, -1, null, 0.0).limit(0)), "training data is empty");
    Dataset<Row> ones = rows(spark, -1, null, 0.0).withColumn("label", functions.lit(1.0));
    refusal(() -> small().fit(ones), "at least 2 classes", "every one of the 10 rows", "is 1.0");
    Dataset<Row> declared = ones.withColumn("label", functions.col("label")
        .as("label", NominalAttribute.defaultAttr().withNumValues(3).toMetadata()));
    refusal(() -> small().fit(declared), "at least 2 classes", "declares 3 classes, but only this one");
  }

  @Test
  void aModelRefusesAnotherFeatureCountAndAnExistingOutputColumn() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> three = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0)), NULLABLE);
    Dataset<Row> declared = three.withColumn("features", functions.col("features")
        .as("features", new AttributeGroup("features", 3).toMetadata()));
    refusal(() -> model.transform(declared), "features column 'features' holds vectors of 3 features",
        "trained on 2");
    Dataset<Row> taken = rows(spark, -1, null, 0.0).withColumn("probability", functions.lit(0.5));
    refusal(() -> model.transform(taken), "probability", "already exists");
    refusal(() -> small().fit(taken.withColumnRenamed("probability", "prediction")), "prediction",
        "already exists");
  }
}
