package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fitted model's {@code transform} on a Structured Streaming DataFrame (a Parquet file
 * source, written to a memory sink) gives the predictions of the same rows as a batch
 * DataFrame, bit for bit: transform runs no action on its input.
 */
class MlpStreamingTest {
  @TempDir Path dir;

  @Test
  void bothModelsTransformAStreamAsTheyTransformABatch() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> blobs = MlpTestData.blobs(spark, 90, 1L);
    MlpClassificationModel clf = new MlpClassifier().setHiddenLayers(6).setMaxEpochs(2)
        .setBatchSize(30).setSeed(1).fit(blobs);
    Dataset<Row> smooth = MlpTestData.smoothRegression(spark, 60, 1L);
    MlpRegressionModel reg = new MlpRegressor().setHiddenLayers(4).setMaxEpochs(2)
        .setBatchSize(30).setSeed(1).fit(smooth);

    assertStreamMatchesBatch(spark, clf, blobs, "in-clf", "mlp_stream_clf",
        "label", "rawPrediction", "probability", "prediction");
    assertStreamMatchesBatch(spark, reg, smooth, "in-reg", "mlp_stream_reg", "label", "prediction");
  }

  private void assertStreamMatchesBatch(SparkSession spark, org.apache.spark.ml.Model<?> model,
      Dataset<Row> rows, String sub, String query, String... cols) throws Exception {
    String in = dir.resolve(sub).toString();
    // two files, so the stream reads more than one of them
    rows.withColumn("id", org.apache.spark.sql.functions.monotonically_increasing_id())
        .repartition(2).write().parquet(in);
    Dataset<Row> batch = spark.read().parquet(in);
    Dataset<Row> stream = spark.readStream().schema(batch.schema()).parquet(in);
    assertTrue(stream.isStreaming());
    StreamingQuery q = model.transform(stream).writeStream().format("memory").queryName(query)
        .option("checkpointLocation", dir.resolve(sub + "-checkpoint").toString()).start();
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    List<Row> streamed = spark.table(query).orderBy("id").select("id", cols).collectAsList();
    List<Row> batched = model.transform(batch).orderBy("id").select("id", cols).collectAsList();
    assertEquals(rows.count(), streamed.size(), "every row went through the stream");
    assertEquals(batched, streamed, "the stream's predictions are the batch's");
    spark.sql("DROP VIEW IF EXISTS " + query);
  }
}
