package io.sparkmlp;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for the whole test JVM (Surefire runs test classes in one fork), with
 * the settings the trainer is meant to run with. {@link #get()} makes a new one if a test
 * stopped the previous session.
 */
public final class SparkTestSession {
  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    SparkSession active = SparkSession.getActiveSession().getOrElse(() -> null);
    if (active != null && !active.sparkContext().isStopped()) {
      return active;
    }
    return SparkSession.builder()
        .master("local[2]")
        .appName("sparkmlp-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.broadcast.compress", "false")
        .config("spark.task.maxDirectResultSize", "64m")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
  }

  public static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(get().sparkContext());
  }
}
