package io.sparkmlp.bench;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.BroadcastReleaser;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.PartitionJob;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The floor a training step is compared with, paid the step's own way: per "step", the previous
 * θ broadcast handed to a {@code train.BroadcastReleaser} and a new one made from a float64 θ of the model's size, converted to
 * the engine's precision (as {@code train.ThetaChannel} publishes a full θ), then one job over
 * the cached packed training data, read by block id as the steps read it
 * ({@link PackedData#stepInput}), through a named RDD class ({@link FloorRdd}) and
 * {@link PartitionJob}, the named-class {@code runJob} that {@code train.OrderedTreeAggregate}
 * collects a step's partials with: no closure for Spark's ClosureCleaner to parse, one call site set
 * for all the jobs (as {@code train.Trainer} sets one per fit), and no engine work. Two variants, alternated: each task returns a gradient-sized zero array (the step's
 * result bytes; the floor the overhead is judged against), or a single value.
 */
final class MatchedFloor {
  /**
   * Median milliseconds per step-less step: broadcast plus job, with a gradient-sized result
   * ({@code withResult}) and with a one-value one ({@code bare}); {@code broadcast} is the
   * median of the broadcast part alone (hand the old one to the releaser, convert, broadcast).
   */
  record Floor(double withResult, double bare, double broadcast, int params, int reps) {}

  private MatchedFloor() {}

  /** {@code reps} of each variant, alternated, after as many untimed ones. */
  static <A> Floor measure(JavaSparkContext jsc, PackedData<A> data, int params, int reps) {
    Kernels<A> k = data.kernels();
    double[] theta = new double[params];
    java.util.Arrays.fill(theta, 0.01);
    double[] sized = new double[reps];
    double[] bare = new double[reps];
    double[] broadcast = new double[reps];
    Broadcast<A>[] last = newHolder();
    // the previous θ is destroyed off the driver's path, as train.ThetaChannel destroys it
    BroadcastReleaser releaser = new BroadcastReleaser();
    // one call site for all of them, as the Trainer sets one per fit: no stack walk per job
    jsc.setCallSite("sparkmlp benchmark: matched floor");
    try {
      for (int i = 0; i < 2 * reps; i++) {
        double[] a = once(jsc, data, k, theta, params, last, releaser, i);
        double[] b = once(jsc, data, k, theta, 1, last, releaser, i);
        if (i >= reps) {
          sized[i - reps] = a[0] + a[1];
          broadcast[i - reps] = a[0];
          bare[i - reps] = b[0] + b[1];
        }
      }
    } finally {
      jsc.clearCallSite();
      if (last[0] != null) {
        releaser.release(last[0]);
      }
      releaser.close();
    }
    return new Floor(Stats.median(sized), Stats.median(bare), Stats.median(broadcast), params, reps);
  }

  /** One broadcast and one job; returns their milliseconds. */
  private static <A> double[] once(JavaSparkContext jsc, PackedData<A> data, Kernels<A> k, double[] theta,
      int resultLength, Broadcast<A>[] last, BroadcastReleaser releaser, int rep) {
    long t0 = System.nanoTime();
    if (last[0] != null) {
      releaser.release(last[0]);
    }
    last[0] = jsc.broadcast(k.fromDoubles(theta));
    long t1 = System.nanoTime();
    jsc.setJobDescription("benchmark: matched floor " + (rep + 1) + ", result of " + resultLength + " value(s)");
    List<Object> out;
    try {
      out = PartitionJob.onlyElements(new FloorRdd<>(data.stepInput(), k, last[0], resultLength));
    } finally {
      jsc.setJobDescription(null);
    }
    long t2 = System.nanoTime();
    A first = cast(out.get(0));
    if (out.size() != data.numPartitions() || k.length(first) != resultLength) {
      throw new IllegalStateException("matched floor: expected " + data.numPartitions() + " results of "
          + resultLength + " value(s), found " + out.size() + " of " + k.length(first));
    }
    return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
  }

  @SuppressWarnings("unchecked")
  private static <A> A cast(Object o) {
    return (A) o;
  }

  @SuppressWarnings("unchecked")
  private static <A> Broadcast<A>[] newHolder() {
    return new Broadcast[1];
  }
}
