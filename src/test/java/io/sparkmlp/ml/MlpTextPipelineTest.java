package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MlpClassifier on real text: the committed slice of Debian's fortunes (4 categories × 60
 * entries, src/test/resources/datasets/fortunes-slice.csv) through Spark's own RegexTokenizer,
 * HashingTF (2^18 features, its default) and IDF, fitted on the training rows only. The features
 * stay sparse from end to end: packing, training and transform.
 */
class MlpTextPipelineTest {
  @TempDir
  Path dir;

  private static Dataset<Row> slice(SparkSession spark) {
    String path = MlpTextPipelineTest.class.getResource("/datasets/fortunes-slice.csv").getPath();
    return spark.read().option("header", true).option("escape", "\"").csv(path)
        .withColumn("label", functions.col("label").cast("double"));
  }

  private static Pipeline pipeline(MlpClassifier mlp) {
    return new Pipeline().setStages(new PipelineStage[] {
        new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+"),
        new HashingTF().setInputCol("words").setOutputCol("tf"),
        new IDF().setInputCol("tf").setOutputCol("features"),
        mlp});
  }

  @Test
  void learnsTheCategoriesOfRealTextFromHashedSparseFeatures() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> all = slice(spark).withColumn("fold", functions.expr("crc32(text) % 5"));
    Dataset<Row> train = all.filter("fold != 0").cache();
    Dataset<Row> test = all.filter("fold = 0").cache();
    // Each step still broadcasts and sums the whole 2^18 × 32 first layer: few, large steps.
    MlpClassifier mlp = new MlpClassifier().setHiddenLayers(32).setOptimizer("adam")
        .setLearningRate(0.02).setBatchSize(64).setMaxEpochs(10).setSeed(3).setPrecision("float32");
    PipelineModel model = pipeline(mlp).fit(train);
    MlpClassificationModel m = (MlpClassificationModel) model.stages()[3];
    assertEquals(1 << 18, m.numFeatures(), "HashingTF's default width, as the model's input");

    Dataset<Row> scored = model.transform(test).cache();
    long n = scored.count();
    long right = scored.filter("prediction = label").count();
    double accuracy = (double) right / n;
    // Four categories: chance is 25%; the slice is small, so the bar is well under what it gets.
    assertTrue(accuracy >= 0.45, "held-out accuracy " + accuracy + " on " + n + " texts");
    Vector f = scored.select("features").first().getAs(0);
    assertTrue(f instanceof SparseVector, "the features stay sparse: " + f.getClass());

    // The same rows given densified: the same probabilities (the sparse transform = the dense one).
    // Dense, a block is rows × 2^18 float64: blocks of 4 rows keep that at 8 MiB.
    Dataset<Row> features = model.transform(test).select("features", "probability");
    List<Row> rows = features.collectAsList();
    MlpClassificationModel denseModel = m.copy(new org.apache.spark.ml.param.ParamMap().put(m.blockSize(), 4));
    List<Row> dense = denseModel.transform(spark.createDataFrame(rows.stream()
        .map(r -> org.apache.spark.sql.RowFactory.create(Vectors.dense(((Vector) r.get(0)).toArray())))
        .toList(), new org.apache.spark.sql.types.StructType().add("features", new org.apache.spark.ml.linalg.VectorUDT())))
        .select("probability").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      double[] a = ((Vector) rows.get(i).get(1)).toArray(), b = ((Vector) dense.get(i).get(0)).toArray();
      for (int j = 0; j < a.length; j++) {
        assertEquals(b[j], a[j], 1e-6, "row " + i + ", class " + j);
      }
    }

    // The whole PipelineModel, feature stages and a 2^18 × 32 first layer, saves and loads.
    String path = dir.resolve("text-model").toString();
    model.write().overwrite().save(path);
    PipelineModel back = PipelineModel.load(path);
    List<Row> again = back.transform(test).select("probability").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(((Vector) rows.get(i).get(1)).apply(0), ((Vector) again.get(i).get(0)).apply(0), 0.0);
    }
  }
}
