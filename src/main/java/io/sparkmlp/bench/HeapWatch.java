package io.sparkmlp.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM while something runs: in local mode the executors' tasks run in the
 * driver JVM, so this is the executor's and the driver's heap at once. Three figures, from the
 * JVM's own beans, between {@link #start} and {@link #close}:
 * <ul>
 *   <li>{@code peakAfterGc}: the most the heap held right after a collection (from GC
 *       notifications): live data plus what that collection left, the heap the work needs;
 *   <li>{@code peakSampled}: the most {@code MemoryMXBean} heap use seen, sampled every 10 ms,
 *       garbage included;
 *   <li>{@code poolPeakSum}: the sum of every heap pool's peak since a reset: an upper bound,
 *       as the pools peak at different times.
 * </ul>
 * Public for the scale tests, which report it.
 */
public final class HeapWatch implements AutoCloseable {
  /** Bytes; {@code baseline} is the heap used after a collection just before the start. */
  public record Peaks(long baseline, long peakAfterGc, long peakSampled, long poolPeakSum, long maxHeap, int collections) {}

  private final java.util.Set<String> heapPools = new java.util.HashSet<>();
  private final AtomicLong afterGc = new AtomicLong();
  private final AtomicLong sampled = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = (n, handback) -> {
    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long used = 0;
      // the map holds every memory pool, Metaspace and code caches too: only the heap's count
      for (java.util.Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          used += e.getValue().getUsed();
        }
      }
      afterGc.accumulateAndGet(used, Math::max);
      collections.incrementAndGet();
    }
  };
  private final long baseline;
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapWatch() {
    System.gc();
    this.baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    afterGc.set(baseline);
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPools.add(p.getName());
        p.resetPeakUsage();
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
    sampler = new Thread(() -> {
      while (running) {
        sampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "benchmark-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Collects once (for the baseline), resets the pools' peaks and starts watching. */
  public static HeapWatch start() {
    return new HeapWatch();
  }

  /** The figures so far. */
  public Peaks peaks() {
    long poolSum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        poolSum += p.getPeakUsage().getUsed();
      }
    }
    return new Peaks(baseline, afterGc.get(), Math.max(sampled.get(), afterGc.get()), poolSum,
        Runtime.getRuntime().maxMemory(), (int) collections.get());
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // never added: nothing to remove
      }
    }
  }
}
