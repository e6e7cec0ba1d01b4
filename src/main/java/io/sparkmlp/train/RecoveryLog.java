package io.sparkmlp.train;

import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the run's log, in words, when Spark loses an executor or a task of this fit and
 * recomputes the work. Steps are pure functions of the broadcast θ and the cached data, so a
 * rerun task gives the same bits; this listener only makes the recovery visible.
 *
 * <p>Several fits may share one SparkContext (two threads, a parallel CrossValidator), and a
 * listener hears every job of the context. So {@link #start} tags the fitting thread's jobs
 * with a Spark job tag of its own ({@code sparkmlp-fit-<random>}, kept in the thread's local
 * properties, which Spark passes with each stage); only the tasks of stages that carry the tag
 * count, and only the loss of an executor that ran one of them. The {@link Trainer} holds one
 * for the length of a fit; {@link #close} removes the tag and the listener. Events arrive on
 * Spark's listener thread, so a failure in the fit's very last job may be counted after the
 * Trainer has read the counts.
 */
final class RecoveryLog extends SparkListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);
  /** The local property in which Spark keeps a thread's job tags, comma-separated. */
  static final String JOB_TAGS_PROPERTY = "spark.job.tags";
  static final String TAG_PREFIX = "sparkmlp-fit-";

  private final SparkContext sc;
  private final String tag;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final Set<String> executors = ConcurrentHashMap.newKeySet();
  private volatile int executorsLost;
  private volatile int tasksRetried;

  private RecoveryLog(SparkContext sc, String tag) {
    this.sc = sc;
    this.tag = tag;
  }

  /** Tags the calling thread's jobs with a new tag and listens for their failures, until {@link #close}. */
  static RecoveryLog start(SparkContext sc) {
    RecoveryLog log = new RecoveryLog(sc, TAG_PREFIX + UUID.randomUUID());
    sc.addJobTag(log.tag);
    sc.addSparkListener(log);
    return log;
  }

  /** This fit's job tag. */
  String tag() { return tag; }
  int executorsLost() { return executorsLost; }
  int tasksRetried() { return tasksRetried; }

  /** Removes the tag from the calling thread (the one that called {@link #start}) and stops listening. */
  @Override
  public void close() {
    sc.removeJobTag(tag);
    sc.removeSparkListener(this);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted e) {
    Properties p = e.properties();
    String tags = p == null ? null : p.getProperty(JOB_TAGS_PROPERTY);
    if (tags != null && Arrays.asList(tags.split(",")).contains(tag)) {
      stages.add(e.stageInfo().stageId());
    }
  }

  /** Forgets a finished stage, so that the set holds the stages in flight, not one per step. */
  @Override
  public void onStageCompleted(SparkListenerStageCompleted e) {
    stages.remove(e.stageInfo().stageId());
  }

  /** The tagged stages in flight (bounded: a step runs one job at a time). */
  int stagesInFlight() { return stages.size(); }

  @Override
  public void onTaskStart(SparkListenerTaskStart e) {
    if (stages.contains(e.stageId())) {
      executors.add(e.taskInfo().executorId());
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    if (!executors.contains(e.executorId())) {
      return;
    }
    executorsLost++;
    LOG.warn("executor {} was lost ({}); Spark reruns its tasks and recomputes the cached"
        + " partitions it held from their lineage, and training continues", e.executorId(), e.reason());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.reason() != Success$.MODULE$ && stages.contains(e.stageId())) {
      tasksRetried++;
      LOG.warn("task for partition {} of stage {} failed on executor {} ({}); Spark recomputes it",
          e.taskInfo().partitionId(), e.stageId(), e.taskInfo().executorId(),
          e.reason().getClass().getSimpleName());
    }
  }
}
