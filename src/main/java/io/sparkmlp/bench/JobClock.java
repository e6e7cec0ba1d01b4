package io.sparkmlp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;

/**
 * Records when the jobs of one job group end (driver clock, milliseconds), with the call site
 * of the job's last stage, e.g. {@code treeAggregate at GradientDescent.scala:...}. Spark's
 * listener bus is asynchronous: {@link #ended} waits for the events to arrive.
 */
final class JobClock extends SparkListener implements AutoCloseable {
  /** One finished job: its call site and end time. */
  record Job(int id, String callSite, long endMillis) {}

  private final SparkContext sc;
  private final String group;
  private final Map<Integer, String> started = new ConcurrentHashMap<>();
  private final List<Job> ended = new ArrayList<>();

  JobClock(SparkContext sc, String group) {
    this.sc = sc;
    this.group = group;
    sc.addSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart e) {
    if (group.equals(e.properties().getProperty("spark.jobGroup.id"))) {
      StageInfo last = null;
      for (StageInfo s : scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos())) {
        if (last == null || s.stageId() > last.stageId()) {
          last = s;
        }
      }
      started.put(e.jobId(), last == null ? "" : last.name());
    }
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd e) {
    String site = started.remove(e.jobId());
    if (site != null) {
      synchronized (ended) {
        ended.add(new Job(e.jobId(), site, e.time()));
        ended.notifyAll();
      }
    }
  }

  /** The jobs of the group whose call site contains {@code site}, once {@code atLeast} have ended (or after 30 s). */
  List<Job> ended(String site, int atLeast) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    synchronized (ended) {
      while (true) {
        List<Job> hits = ended.stream().filter(j -> j.callSite().contains(site)).toList();
        long left = deadline - System.currentTimeMillis();
        if (hits.size() >= atLeast || left <= 0) {
          return hits;
        }
        ended.wait(left);
      }
    }
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
