package io.sparkmlp.data;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One local SparkSession per test class: local[2], no UI, 4 shuffle partitions. */
abstract class SparkTestBase {
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder()
        .master("local[2]")
        .appName("sparkmlp-data-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /** All rows of a frame on the driver, in order. */
  static List<Row> rows(Dataset<Row> frame) {
    return frame.collectAsList();
  }

  static double label(Row r) {
    return r.getDouble(r.fieldIndex(LabeledFrames.LABEL));
  }

  static Vector features(Row r) {
    return (Vector) r.get(r.fieldIndex(LabeledFrames.FEATURES));
  }
}
