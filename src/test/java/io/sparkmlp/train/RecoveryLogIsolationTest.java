package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two fits run at once on one SparkContext, and every task of one of them fails once (its data
 * wrapped in an RDD that throws on a task's first attempt): only that fit reports the retries,
 * and both still end with the same bits. Runs in its own {@code local[2,4]} session (4 attempts
 * per task; the shared test session allows one), stopped afterwards.
 */
class RecoveryLogIsolationTest {
  private static SparkSession spark;

  @BeforeAll
  static void ownSession() {
    SparkTestSession.stop();
    spark = SparkSession.builder().master("local[2,4]").appName("sparkmlp-recovery-test")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
  }

  @AfterAll
  static void stopSession() {
    spark.stop();
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  /** {@code data}'s packed partitions behind a map that throws on every task's first attempt. */
  private static <A> PackedData<A> failingOnce(PackedData<A> data) {
    JavaRDD<PackedPartition<A>> flaky = data.rdd().mapPartitions(it -> {
      if (TaskContext.get().attemptNumber() == 0) {
        throw new IllegalStateException("injected failure of partition " + TaskContext.getPartitionId());
      }
      return it;
    }, true);
    return new PackedData<>(flaky, data.kernels(), data.counts(), data.numFeatures(), data.numOutputs(),
        data.maxLabel(), data.layout(), data.storedValues(), data.weighted(), data.weightSum());
  }

  @Test
  void onlyTheFitWhoseTasksFailedReportsTheRetries() throws Exception {
    List<org.apache.spark.sql.Row> rows = TestFrames.classification(200, 4, 3, 21L);
    PackedData<double[]> a = Packer.pack(spark.createDataFrame(rows, TestFrames.SCHEMA), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 2, "data A");
    PackedData<double[]> b = Packer.pack(spark.createDataFrame(rows, TestFrames.SCHEMA), "features", "label",
        Packer.Task.CLASSIFICATION, Kernels.F64, 2, "data B");
    Architecture arch = Architecture.of(new int[] {4, 5, 3}, Activation.TANH, Activation.IDENTITY,
        Loss.CROSS_ENTROPY);
    TrainConfig cfg = new TrainConfig().set(PRECISION, "float64").set(BATCH_SIZE, 50).set(MAX_EPOCHS, 2)
        .set(VALIDATION_FRACTION, 0.0).set(SEED, 4L);
    org.apache.spark.api.java.JavaSparkContext jsc =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    StringWriter log = new StringWriter();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    WriterAppender appender = WriterAppender.createAppender(PatternLayout.newBuilder()
        .withPattern("%t|%m%n").build(), null, log, "recovery-capture", false, true);
    appender.start();
    LoggerConfig lc = new LoggerConfig(Trainer.class.getName(), Level.INFO, true);
    lc.addAppender(appender, Level.WARN, null);
    ctx.getConfiguration().addLogger(Trainer.class.getName(), lc);
    ctx.updateLoggers();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "fit-" + r.hashCode()));
    TrainingResult flakyResult;
    TrainingResult cleanResult;
    String flakyThread;
    String cleanThread;
    try {
      String[] names = new String[2];
      Future<TrainingResult> flaky = pool.submit(() -> {
        names[0] = Thread.currentThread().getName();
        return new Trainer<>(jsc, failingOnce(a), null, arch, cfg, null, null).fit();
      });
      Future<TrainingResult> clean = pool.submit(() -> {
        names[1] = Thread.currentThread().getName();
        return new Trainer<>(jsc, b, null, arch, cfg, null, null).fit();
      });
      flakyResult = flaky.get();
      cleanResult = clean.get();
      flakyThread = names[0];
      cleanThread = names[1];
    } finally {
      pool.shutdown();
      ctx.getConfiguration().removeLogger(Trainer.class.getName());
      ctx.updateLoggers();
      appender.stop();
      a.unpersist();
      b.unpersist();
    }
    String text = log.toString();
    System.out.print("Trainer warnings:\n" + text);
    Matcher m = Pattern.compile(Pattern.quote(flakyThread)
        + "\\|recovered from 0 lost executor\\(s\\) and (\\d+) failed task\\(s\\)").matcher(text);
    assertTrue(m.find(), "the flaky fit reports its retries: " + text);
    int retried = Integer.parseInt(m.group(1));
    assertTrue(retried >= 2 && retried <= 16, "2 partitions × 8 steps fail once each, some counted late: " + retried);
    assertTrue(!text.contains(cleanThread + "|recovered"), "the clean fit reports nothing: " + text);
    assertEquals(1, text.lines().filter(l -> l.contains("recovered from")).count(), text);
    assertArrayEquals(cleanResult.theta(), flakyResult.theta(), "a rerun task gives the same bits");
  }
}
