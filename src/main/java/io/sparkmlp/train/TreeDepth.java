package io.sparkmlp.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of the ordered tree that sums a step's partition results ({@link OrderedTreeAggregate}),
 * and the automatic choice of its depth. The depth groups the float sums, so it decides the bits:
 * it is a pure function of the partition count P, the executor count E and θ's size, never of a
 * timing, and a run keeps the depth it started with ({@link TrainingState}, checkpoints).
 *
 * <p>The choice minimises a model of the combine's cost on a cluster, in milliseconds, with the
 * constants below (measured here on loopback, or, for the links, 10 GbE; docs/performance.md):
 * <pre>
 *   cost(depth) = Σ_levels [ STAGE_MS + n·S / (min(E, n)·LINK) + n·S / (min(E, m)·MERGE) ]
 *               + n_last·S / LINK + n_last·S / MERGE
 * </pre>
 * where S is θ's size in bytes (a dense partial, the most a partial can be), a level takes n
 * partials to m groups, and the driver receives and adds the last n_last. With one executor an extra
 * level never pays, so local mode always gets depth 1.
 */
public final class TreeDepth {
  /**
   * An extra executor level: one more shuffle stage (map and reduce tasks, scheduling); measured
   * by the benchmark's cost model (jobs/benchmark.sh, section 6) on local[1] here: 14.4-14.7 ms.
   */
  static final double STAGE_MS = 14.0;
  /** Bytes per millisecond over one host's link: 10 GbE. */
  static final double LINK_BYTES_PER_MS = 1.25e6;
  /**
   * Bytes per millisecond a partial is added at (float32 axpy over 8 MiB); the same section
   * measured 0.078-0.084 ms a MiB here, about 13 GB/s.
   */
  static final double MERGE_BYTES_PER_MS = 1.3e7;
  /** The deepest tree considered. */
  static final int MAX_DEPTH = 4;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TreeDepth.class);

  private TreeDepth() {}

  /** The executors registered with {@code jsc} now: in local mode 1 (the driver's own). */
  public static int executors(org.apache.spark.api.java.JavaSparkContext jsc) {
    return Math.max(1, jsc.sc().statusTracker().getExecutorInfos().length - (jsc.isLocal() ? 0 : 1));
  }

  /**
   * The depth a run sums its steps' partials with: {@code set} when it is ≥ 1; for 0 (auto), the
   * depth a resumed run {@code recorded} (0: none), else {@link #choose} for its partitions, the
   * executors registered now and a partial's {@code bytes}. Logged either way.
   */
  static int forRun(org.apache.spark.api.java.JavaSparkContext jsc, int set, int recorded, int partitions, long bytes) {
    int executors = executors(jsc);
    int depth = set > 0 ? set : recorded > 0 ? recorded : choose(partitions, executors, bytes);
    LOG.info("{}{}", describe(depth, set == 0, partitions, executors, bytes),
        set == 0 && recorded > 0 ? " (kept from the checkpoint)" : "");
    return depth;
  }

  /**
   * The group size and the partial counts after each executor level, for P partitions and a
   * requested {@code depth}, exactly as {@link OrderedTreeAggregate#combine} runs them: a level
   * runs only while it leaves fewer partials than it would cost to combine them directly.
   */
  public static int[] levels(int partitions, int depth) {
    int scale = groupSize(partitions, depth);
    List<Integer> sizes = new ArrayList<>();
    int parts = partitions;
    while (depth > 1 && parts > scale + (parts + scale - 1) / scale) {
      parts = (parts + scale - 1) / scale;
      sizes.add(parts);
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Partials per group at each executor level: ⌈P^(1/depth)⌉, at least 2. */
  public static int groupSize(int partitions, int depth) {
    return Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / Math.max(1, depth))), 2);
  }

  /** The modelled cost in milliseconds of combining P partials of {@code bytes} each at {@code depth}. */
  static double costMillis(int partitions, int executors, long bytes, int depth) {
    return combineMillis(partitions, executors, bytes, depth, STAGE_MS, 1 / LINK_BYTES_PER_MS,
        1 / MERGE_BYTES_PER_MS);
  }

  /**
   * The combine's cost in milliseconds with the model's parameters given: a level's fixed cost,
   * the milliseconds per byte of moving a partial (its link) and of adding one.
   */
  public static double combineMillis(int partitions, int executors, long bytes, int depth, double stageMs,
      double moveMsPerByte, double mergeMsPerByte) {
    double cost = 0;
    int n = partitions;
    for (int next : levels(partitions, depth)) {
      // this level shuffles n partials over the links of the executors holding them, and its
      // `next` groups add them up on as many executors as there are groups, at most E
      cost += stageMs + n * (double) bytes * moveMsPerByte / Math.max(1, Math.min(executors, n))
          + n * (double) bytes * mergeMsPerByte / Math.max(1, Math.min(executors, next));
      n = next;
    }
    return cost + n * (double) bytes * (moveMsPerByte + mergeMsPerByte);
  }

  /**
   * The depth of least modelled cost in 1..{@value #MAX_DEPTH}; of equal costs (e.g. depths that
   * run the same levels), the smallest.
   *
   * @param bytes a partial's size: θ's parameter count × the engine's bytes per value
   */
  public static int choose(int partitions, int executors, long bytes) {
    int best = 1;
    double bestCost = costMillis(partitions, executors, bytes, 1);
    for (int d = 2; d <= MAX_DEPTH; d++) {
      double c = costMillis(partitions, executors, bytes, d);
      if (c < bestCost) {
        best = d;
        bestCost = c;
      }
    }
    return best;
  }

  /** One line for the log: the depth, the levels it runs and why. */
  static String describe(int depth, boolean auto, int partitions, int executors, long bytes) {
    int[] lv = levels(partitions, depth);
    return String.format(Locale.ROOT, "aggregation depth %d (%s; %d partitions on %d executor(s), partials of"
        + " %.2f MiB): %s, modelled combine %.1f ms", depth, auto ? "auto" : "set", partitions, executors,
        bytes / 1048576.0, lv.length == 0 ? "the driver sums all partials"
            : lv.length + " executor level(s) of groups of " + groupSize(partitions, depth),
        costMillis(partitions, executors, bytes, depth));
  }
}
