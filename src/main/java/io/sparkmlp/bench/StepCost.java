package io.sparkmlp.bench;

import io.sparkmlp.train.StepInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The cost of one training step, broken down (medians over steps, from {@link StepInfo}), next
 * to the floor every step pays, measured the step's own way ({@link MatchedFloor}: a θ broadcast
 * and a named-class job on the same cached packed data, no engine work), which the overhead is
 * judged against. For reference, two lambda jobs as well, which also pay Spark's ClosureCleaner
 * (the step does not): a {@code treeReduce} of one int per partition (the floor of the issue's
 * first round) and a plain {@code count} of the same RDD. All are measured after the steps they
 * are compared with, so that Spark's driver code is as warm for them.
 */
final class StepCost {
  /** Medians in milliseconds; {@code overhead} is the median of (step − compute). */
  record Breakdown(int batchSize, int steps, double broadcast, double job, double compute, double aggregation,
      double scheduling, double update, double step, double overhead, MatchedFloor.Floor matched,
      double emptyJob, double countJob) {
    /** Overhead over the matched floor with the step's result bytes: the judged ratio. */
    double overheadOverMatched() { return overhead / matched.withResult(); }
    double overheadOverFloor() { return overhead / emptyJob; }
    double overheadOverCount() { return overhead / countJob; }
  }

  /** Median milliseconds of the two empty jobs: {@code treeReduce} and {@code count}. */
  record Floors(double treeReduce, double count) {}

  private StepCost() {}

  /** The empty jobs over {@code partitions}, alternated, {@code reps} of each after as many warm-ups. */
  static Floors emptyJobMillis(JavaSparkContext jsc, int partitions, int reps) {
    List<Integer> one = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      one.add(1);
    }
    JavaRDD<Integer> rdd = jsc.parallelize(one, partitions);
    jsc.setJobDescription("benchmark: empty jobs (treeReduce and count of one int per partition)");
    double[] tree = new double[reps];
    double[] count = new double[reps];
    try {
      for (int i = 0; i < 2 * reps; i++) {
        long t0 = System.nanoTime();
        int sum = rdd.treeReduce(Integer::sum);
        long t1 = System.nanoTime();
        long n = rdd.count();
        long t2 = System.nanoTime();
        if (sum != partitions || n != partitions) {
          throw new IllegalStateException("empty jobs gave " + sum + " and " + n + ", expected " + partitions);
        }
        if (i >= reps) {
          tree[i - reps] = (t1 - t0) / 1e6;
          count[i - reps] = (t2 - t1) / 1e6;
        }
      }
    } finally {
      jsc.setJobDescription(null);
    }
    return new Floors(Stats.median(tree), Stats.median(count));
  }

  /** Medians over {@code steps}: the steps of the timed passes, after the warm-up passes. */
  static Breakdown of(List<StepInfo> steps, int batchSize, MatchedFloor.Floor matched, Floors floors) {
    return new Breakdown(batchSize, steps.size(), median(steps, StepInfo::broadcastMillis),
        median(steps, StepInfo::jobMillis), median(steps, StepInfo::computeMillis), median(steps, StepInfo::aggregationMillis),
        median(steps, StepInfo::schedulingMillis), median(steps, StepInfo::updateMillis),
        median(steps, StepInfo::stepMillis), median(steps, StepInfo::overheadMillis), matched,
        floors.treeReduce(), floors.count());
  }

  private static double median(List<StepInfo> steps, ToDoubleFunction<StepInfo> f) {
    return Stats.median(steps.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).toArray());
  }
}
