package io.sparkmlp.train;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the run's log, in words, when Spark loses an executor or a task and recomputes the
 * work. Steps are pure functions of the broadcast θ and the cached data, so a rerun task gives
 * the same bits; this listener only makes the recovery visible. Registered by the
 * {@link Trainer} for the length of a fit.
 */
final class RecoveryLog extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLog.class);
  private volatile int executorsLost;
  private volatile int tasksRetried;

  int executorsLost() { return executorsLost; }
  int tasksRetried() { return tasksRetried; }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
    executorsLost++;
    LOG.warn("executor {} was lost ({}); Spark reruns its tasks and recomputes the cached"
        + " partitions it held from their lineage, and training continues", e.executorId(), e.reason());
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd e) {
    if (e.reason() != Success$.MODULE$) {
      tasksRetried++;
      LOG.warn("task for partition {} of stage {} failed on executor {} ({}); Spark recomputes it",
          e.taskInfo().partitionId(), e.stageId(), e.taskInfo().executorId(),
          e.reason().getClass().getSimpleName());
    }
  }
}
