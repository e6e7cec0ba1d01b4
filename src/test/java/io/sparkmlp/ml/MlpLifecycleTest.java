package io.sparkmlp.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.SparkTestSession;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * What a fit leaves behind in its SparkContext: nothing, after it ends, after 20 of them, and
 * after it is cancelled through its job group or by interrupting its thread (which also ends
 * it promptly, with a message that says so and where). The job group is cancelled with
 * {@code cancelJobGroupAndFutureJobs}: plain {@code cancelJobGroup} cancels only a job that is
 * running at that moment, and the fit ends as here when it hits one of its steps' jobs.
 */
class MlpLifecycleTest {

  @Test
  void twentyFitsLeaveNoPersistedRddAndNoBroadcast() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> data = MlpTestData.blobs(spark, 90, 2L).cache();
    data.count();
    List<Long> before = SparkState.arrayBroadcasts();
    MlpClassifier est = new MlpClassifier().setHiddenLayers(4).setMaxEpochs(2).setBatchSize(20)
        .setValidationFraction(0.2).setNumPartitions(2);
    for (int i = 0; i < 20; i++) {
      est.setSeed(i).fit(data);
    }
    assertEquals(List.of(), SparkState.ourPersistedRdds(spark.sparkContext()));
    assertEquals(List.of(), SparkState.newArrayBroadcasts(before), "broadcasts of ours still live");
    // the observation can see one: a broadcast left alive shows up
    org.apache.spark.broadcast.Broadcast<float[]> probe =
        SparkTestSession.jsc().broadcast(new float[] {1f});
    assertEquals(List.of(probe.id()), SparkState.newArrayBroadcasts(before));
    probe.destroy();
    assertEquals(List.of(), SparkState.newArrayBroadcasts(before));
    data.unpersist();
  }

  /** A fit long enough to be stopped: thousands of tiny steps. */
  private static MlpClassifier longFit() {
    return new MlpClassifier().setHiddenLayers(3).setMaxEpochs(5000).setBatchSize(10).setNumPartitions(2);
  }

  @Test
  void cancellingTheJobGroupEndsTheFitPromptly() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SparkContext sc = spark.sparkContext();
    Dataset<Row> data = MlpTestData.blobs(spark, 60, 3L);
    List<Long> before = SparkState.arrayBroadcasts();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread fitting = new Thread(() -> {
      sc.setJobGroup("user-group", "a fit the user will cancel", true);
      try {
        longFit().fit(data);
      } catch (Throwable t) {
        thrown.set(t);
      } finally {
        sc.clearJobGroup();
      }
    });
    fitting.start();
    waitForSteps(sc, fitting);
    long t0 = System.nanoTime();
    // Spark's cancelJobGroup cancels the group's active jobs only, so one that lands between two
    // steps' jobs cancels nothing; ...AndFutureJobs also fails the group's next job
    sc.cancelJobGroupAndFutureJobs("user-group");
    fitting.join(20_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEnded(fitting, thrown.get(), seconds, "job group user-group");
    assertEquals(List.of(), SparkState.ourPersistedRdds(sc));
    assertEquals(List.of(), SparkState.newArrayBroadcasts(before));
  }

  @Test
  void interruptingTheFittingThreadEndsTheFitPromptly() throws Exception {
    SparkSession spark = SparkTestSession.get();
    SparkContext sc = spark.sparkContext();
    Dataset<Row> data = MlpTestData.blobs(spark, 60, 4L);
    List<Long> before = SparkState.arrayBroadcasts();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    boolean[] stillInterrupted = new boolean[1];
    Thread fitting = new Thread(() -> {
      try {
        longFit().fit(data);
      } catch (Throwable t) {
        thrown.set(t);
        stillInterrupted[0] = Thread.currentThread().isInterrupted();
      }
    });
    fitting.start();
    waitForSteps(sc, fitting);
    long t0 = System.nanoTime();
    fitting.interrupt();
    fitting.join(20_000);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEnded(fitting, thrown.get(), seconds, "the fitting thread was interrupted");
    assertTrue(stillInterrupted[0], "the thread's interrupt is kept for its caller");
    assertEquals(List.of(), SparkState.ourPersistedRdds(sc));
    assertEquals(List.of(), SparkState.newArrayBroadcasts(before));
    for (int i = 0; i < 100 && sc.statusTracker().getActiveJobIds().length > 0; i++) {
      Thread.sleep(50);
    }
    assertEquals(0, sc.statusTracker().getActiveJobIds().length, "the running step's job is cancelled too");
  }

  /** Waits until the fit has run some steps (more than 20 jobs since it started). */
  private static void waitForSteps(SparkContext sc, Thread fitting) throws InterruptedException {
    int first = -1;
    for (int i = 0; i < 600; i++) {
      int[] active = sc.statusTracker().getActiveJobIds();
      int latest = active.length == 0 ? -1 : active[active.length - 1];
      if (first < 0 && latest >= 0) {
        first = latest;
      }
      if (first >= 0 && latest > first + 20 || !fitting.isAlive()) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void assertEnded(Thread fitting, Throwable thrown, double seconds, String why) {
    assertTrue(!fitting.isAlive(), "the fit is still running");
    System.out.printf("ended %.2f s after the cancel: %s%n", seconds, thrown);
    assertInstanceOf(FitCancelledException.class, thrown, String.valueOf(thrown));
    String m = thrown.getMessage();
    assertTrue(m.contains("the fit was cancelled after step ") && m.contains(" of epoch ")
        && m.contains(why), m);
    assertTrue(seconds < 10, "it took " + seconds + " s to end");
  }
}
