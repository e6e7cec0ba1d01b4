package io.sparkmlp;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession for the whole test JVM: {@code local[2]}, no UI, 4 shuffle partitions,
 * Kryo, uncompressed broadcasts. Call {@link #get()} where a session is needed rather than
 * keeping it in a field: when another test class has stopped the session, {@code get()} starts a
 * new one. {@link #restart()} stops it and starts a fresh one (for "load in a new session").
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  /** The live shared session, started on first use or after someone stopped it. */
  public static synchronized SparkSession get() {
    if (session == null || session.sparkContext().isStopped()) {
      session = start();
    }
    return session;
  }

  /** The shared session's context, for RDD-level tests. */
  public static org.apache.spark.api.java.JavaSparkContext jsc() {
    return org.apache.spark.api.java.JavaSparkContext.fromSparkContext(get().sparkContext());
  }

  /** Stops the shared session (if live) and returns a new one with a new SparkContext. */
  public static synchronized SparkSession restart() {
    stop();
    return get();
  }

  /** Stops the shared session if it is live; the next {@link #get()} starts another. */
  public static synchronized void stop() {
    if (session != null && !session.sparkContext().isStopped()) {
      session.stop();
    }
    session = null;
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static SparkSession start() {
    quietLogs();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    SparkSession s = SparkSession.builder()
        .master("local[2]")
        .appName("sparkmlp-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .config("spark.broadcast.compress", "false")
        .config("spark.task.maxDirectResultSize", "64m")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    quietLogs();
    return s;
  }

  /** Spark at WARN, our own io.sparkmlp messages at INFO (unless a log4j2 test config says otherwise). */
  private static void quietLogs() {
    if (System.getProperty("log4j2.configurationFile") == null
        && SparkTestSession.class.getResource("/log4j2-test.properties") == null) {
      Configurator.setRootLevel(Level.WARN);
      Configurator.setLevel("io.sparkmlp", Level.INFO);
    }
  }
}
