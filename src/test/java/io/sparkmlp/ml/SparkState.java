package io.sparkmlp.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.Success$;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.BlockManager;
import org.apache.spark.storage.BlockResult;
import org.apache.spark.storage.BroadcastBlockId;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * What a local SparkContext holds of sparkmlp's after a fit: persisted RDDs named
 * {@code sparkmlp …} and live broadcasts whose value is a primitive float, double or int array
 * (θ, the batch order, validation positions; Spark's own broadcasts are task binaries, byte[],
 * or other objects). Broadcasts are found in the driver's BlockManager, which in local mode is
 * also the executors'.
 */
final class SparkState {
  private SparkState() {}

  /** The names of the persisted RDDs whose name starts with "sparkmlp". */
  static List<String> ourPersistedRdds(SparkContext sc) {
    List<String> out = new ArrayList<>();
    scala.collection.Iterator<RDD<?>> it = sc.getPersistentRDDs().valuesIterator();
    while (it.hasNext()) {
      RDD<?> r = it.next();
      if (r.name() != null && r.name().startsWith("sparkmlp")) {
        out.add(r.id() + " " + r.name());
      }
    }
    return out;
  }

  /** The ids of the live broadcasts that hold a float[], double[] or int[]. */
  static List<Long> arrayBroadcasts() {
    BlockManager bm = SparkEnv.get().blockManager();
    List<BroadcastBlockId> ids = new ArrayList<>();
    Iterator<Tuple2<BlockId, org.apache.spark.storage.BlockInfo>> entries = bm.blockInfoManager().entries();
    while (entries.hasNext()) {
      BlockId id = entries.next()._1();
      if (id instanceof BroadcastBlockId b && b.field().isEmpty()) {
        ids.add(b);
      }
    }
    List<Long> out = new ArrayList<>();
    for (BroadcastBlockId id : ids) {
      Option<BlockResult> r = bm.getLocalValues(id);
      if (r.isEmpty()) {
        continue; // removed meanwhile
      }
      try {
        Object v = r.get().data().hasNext() ? r.get().data().next() : null;
        if (v instanceof float[] || v instanceof double[] || v instanceof int[]) {
          out.add(id.broadcastId());
        }
      } finally {
        bm.releaseLock(id, Option.empty());
      }
    }
    return out;
  }

  /** {@code now} without the ids in {@code before}, waiting up to 10 s for asynchronous removal. */
  static List<Long> newArrayBroadcasts(List<Long> before) throws InterruptedException {
    List<Long> extra = List.of();
    for (int i = 0; i < 100; i++) {
      extra = arrayBroadcasts().stream().filter(id -> !before.contains(id)).toList();
      if (extra.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    return extra;
  }

  /** Counts the tasks that ended other than in success, while registered. */
  static final class FailedTasks extends SparkListener implements AutoCloseable {
    private final SparkContext sc;
    private final AtomicInteger failed = new AtomicInteger();

    FailedTasks(SparkContext sc) {
      this.sc = sc;
      sc.addSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      if (e.reason() != Success$.MODULE$) {
        failed.incrementAndGet();
      }
    }

    /** The count, after the events posted so far have been delivered. */
    int count() throws java.util.concurrent.TimeoutException {
      sc.listenerBus().waitUntilEmpty(10_000);
      return failed.get();
    }

    @Override
    public void close() {
      sc.removeSparkListener(this);
    }
  }
}
