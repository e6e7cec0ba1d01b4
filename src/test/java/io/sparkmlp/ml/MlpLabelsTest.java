package io.sparkmlp.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.Metadata;
import org.junit.jupiter.api.Test;

/**
 * Labels through fit: the class count from ML attribute metadata, and bad labels or settings
 * that surface with what, where and why.
 */
class MlpLabelsTest {

  /** Ten rows with labels 0, 1, 0, 1, … except {@code bad} at position {@code at}. */
  private static Dataset<Row> labels(SparkSession spark, int at, double bad) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, -i), i == at ? bad : i % 2));
    }
    return spark.createDataFrame(rows, MlpTestData.SCALAR_LABEL).repartition(1);
  }

  private static MlpClassifier small() {
    return new MlpClassifier().setHiddenLayers(3).setMaxEpochs(1).setBatchSize(5).setNumPartitions(2);
  }

  @Test
  void classCountComesFromLabelMetadataWhenDeclared() {
    SparkSession spark = SparkTestSession.get();
    Metadata fourClasses = NominalAttribute.defaultAttr().withNumValues(4).toMetadata();
    Dataset<Row> data = labels(spark, 0, 0).withColumn("label", col("label").as("label", fourClasses));
    MlpClassificationModel model = small().fit(data);
    assertEquals(4, model.numClasses(), "4 declared, only 0 and 1 present");
    assertEquals(4, ((Vector) model.transform(data).first().getAs("probability")).size());

    Metadata twoClasses = NominalAttribute.defaultAttr().withNumValues(2).toMetadata();
    Dataset<Row> tooFew = labels(spark, 5, 2).withColumn("label", col("label").as("label", twoClasses));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small().fit(tooFew));
    assertTrue(e.getMessage().contains("declares 2 classes") && e.getMessage().contains("label 2"),
        e.getMessage());
  }

  @Test
  void fractionalLabelNamesTheRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().fit(labels(SparkTestSession.get(), 7, 2.5)));
    System.out.println("label 2.5: " + e.getMessage());
    assertTrue(e.getMessage().contains("row 7") && e.getMessage().contains("2.5")
        && e.getMessage().contains("not a class id"), e.getMessage());
  }

  @Test
  void negativeLabelNamesTheRow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().fit(labels(SparkTestSession.get(), 3, -1)));
    System.out.println("label -1: " + e.getMessage());
    assertTrue(e.getMessage().contains("row 3") && e.getMessage().contains("-1.0"), e.getMessage());
  }

  @Test
  void singleClassAndWrongLossAreExplained() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2), 0.0),
        RowFactory.create(Vectors.dense(2, 1), 0.0));
    Dataset<Row> oneClass = spark.createDataFrame(rows, MlpTestData.SCALAR_LABEL);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small().setNumPartitions(0).fit(oneClass));
    assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
    IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
        () -> small().setLoss("mse").fit(labels(spark, 0, 0)));
    assertTrue(loss.getMessage().contains("param loss = mse") && loss.getMessage().contains("MlpRegressor"),
        loss.getMessage());
  }
}
