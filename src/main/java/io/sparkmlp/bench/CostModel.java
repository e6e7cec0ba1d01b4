package io.sparkmlp.bench;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.TreeDepth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A model of one training step's cost, with its parameters measured on the running master, and
 * what it projects for clusters. For P partitions on E executors, θ of S bytes and a batch of B:
 * <pre>
 *   step = compute(B/P rows) + job + P·task + S·max(broadcast, 1/link) + combine
 * </pre>
 * where combine is {@link TreeDepth#combineMillis} at the auto depth, a partial moving at
 * max(result, 1/link) per byte and added at merge per byte. {@code job} is a job's fixed cost,
 * {@code task} each task's, {@code stage} a shuffle level's, {@code result} a task result's cost
 * per byte from the task's end to the driver, {@code broadcast} θ's per byte, {@code merge} the
 * driver's addition per byte, {@code link} the network's bytes per millisecond (loopback when
 * measured; 10 GbE in projections). Compute per row is the engine's, measured alone.
 */
final class CostModel {
  private static final double MIB = 1048576.0;
  /** 10 GbE in bytes per millisecond. */
  static final double TEN_GBE = 1.25e6;

  /**
   * Measured on one master: milliseconds, and milliseconds per MiB; {@code driverMsPerMParam} is
   * the driver's own work per step (θ to the engine's precision, the sum to float64, the checks,
   * clipping and the update) per million parameters, and {@code jobSource} says what {@code jobMs}
   * was measured on.
   */
  record Params(String master, int executors, double jobMs, double taskMs, double stageMs,
      double resultMsPerMiB, double broadcastMsPerMiB, double mergeMsPerMiB, double driverMsPerMParam,
      String jobSource) {
    /**
     * These parameters with the job measured the step's own way ({@link MatchedFloor}: a job on the
     * cached packed data, its one-value variant less its broadcast) and the driver's work from the
     * measured steps' update medians over θ's {@code params}.
     */
    Params calibrated(MatchedFloor.Floor floor, int partitions, double updateMs, long params) {
      double job = Math.max(0, floor.bare() - floor.broadcast() - partitions * taskMs);
      return new Params(master, executors, job, taskMs, stageMs, resultMsPerMiB, broadcastMsPerMiB, mergeMsPerMiB,
          updateMs / (params / 1e6), "the matched floor's job on the cached packed data");
    }
  }

  private CostModel() {}

  /**
   * Measures the parameters on {@code jsc}'s master, medians of {@code reps} rounds after as many
   * warm-up rounds; each round runs every job once, in turn, so that a busy moment of the machine
   * falls on all of them alike: the empty job over P and 4P partitions (job, and each task's
   * cost, taken as serial), a result and a broadcast of 1 and 8 MiB (their slope per MiB), one
   * shuffle level (stage), and the driver's float32 axpy.
   */
  static Params measure(JavaSparkContext jsc, int partitions, int reps) {
    int executors = TreeDepth.executors(jsc);
    JavaRDD<Integer> small = cached(jsc, partitions);
    JavaRDD<Integer> wide = cached(jsc, 4 * partitions);
    try {
      List<Timed> jobs = List.of(() -> Jobs.empty(small), () -> Jobs.empty(wide),
          () -> Jobs.results(small, 1 << 18), () -> Jobs.results(small, 8 << 18),
          () -> Jobs.broadcast(jsc, small, 1 << 18), () -> Jobs.broadcast(jsc, small, 8 << 18),
          () -> Jobs.shuffleLevel(small));
      double[] m = medians(reps, jobs);
      double task = Math.max(0, (m[1] - m[0]) / (3.0 * partitions));
      double job = Math.max(0, m[0] - partitions * task);
      double result = Math.max(0, (m[3] - m[2]) / (7.0 * partitions));
      double broadcast = Math.max(0, (m[5] - m[4]) / 7.0);
      double stage = Math.max(0, m[6] - m[0]);
      double merge = mergeMsPerMiB(reps);
      return new Params(jsc.master(), executors, job, task, stage, result, broadcast, merge, 0,
          "an empty job on a cached RDD of one int per partition");
    } finally {
      small.unpersist(false);
      wide.unpersist(false);
    }
  }

  /** The median milliseconds of each job over {@code reps} rounds, after {@code reps} warm-up rounds. */
  private static double[] medians(int reps, List<Timed> jobs) {
    double[][] ms = new double[jobs.size()][reps];
    for (int i = 0; i < 2 * reps; i++) {
      for (int j = 0; j < jobs.size(); j++) {
        double t = millis(jobs.get(j));
        if (i >= reps) {
          ms[j][i - reps] = t;
        }
      }
    }
    double[] out = new double[jobs.size()];
    for (int j = 0; j < out.length; j++) {
      out[j] = Stats.median(ms[j]);
    }
    return out;
  }

  /** The modelled step in milliseconds: compute, plus the overhead {@link #overheadMillis}. */
  static double stepMillis(Params p, double computeMs, int partitions, int executors, long params, int bytesPerValue,
      double link) {
    return computeMs + overheadMillis(p, partitions, executors, params, bytesPerValue, link);
  }

  /**
   * The modelled overhead (everything but compute) of one step, in milliseconds, at the auto depth,
   * for θ of {@code params} values of {@code bytesPerValue} bytes each in the engine's precision.
   */
  static double overheadMillis(Params p, int partitions, int executors, long params, int bytesPerValue, double link) {
    long bytes = params * bytesPerValue;
    double mib = bytes / MIB;
    double moveMsPerByte = Math.max(p.resultMsPerMiB / MIB, 1 / link);
    double combine = TreeDepth.combineMillis(partitions, executors, bytes, TreeDepth.choose(partitions, executors,
        bytes), p.stageMs, moveMsPerByte, p.mergeMsPerMiB / MIB);
    double broadcast = mib * Math.max(p.broadcastMsPerMiB, MIB / link);
    return p.jobMs + partitions * p.taskMs + broadcast + combine + p.driverMsPerMParam * params / 1e6;
  }

  /** A measured step overhead beside the modelled one, in milliseconds. */
  record Check(String config, double measuredOverheadMs, double modelledOverheadMs) {}

  /** One projected row: samples/s and scaling efficiency against one executor. */
  record Projection(int executors, long params, int batch, int depth, double computeMs, double overheadMs,
      double samplesPerSecond, double efficiency) {}

  /**
   * Weak scaling on 10 GbE: E executors of {@code cores} cores, one partition per core, each core
   * {@code rowsPerCore} rows of the batch, θ of {@code params} float32 values, compute per row
   * {@code msPerRow} (one core).
   */
  static List<Projection> project(Params p, long params, double msPerRow, int cores, int rowsPerCore,
      int... executorCounts) {
    int f32 = Precision.FLOAT32.bytes();
    long bytes = params * f32;
    double compute = rowsPerCore * msPerRow;
    double one = cores * rowsPerCore / (stepMillis(p, compute, cores, 1, params, f32, TEN_GBE) / 1000);
    List<Projection> out = new ArrayList<>();
    for (int e : executorCounts) {
      int partitions = e * cores;
      double overhead = overheadMillis(p, partitions, e, params, f32, TEN_GBE);
      double sps = partitions * (double) rowsPerCore / ((compute + overhead) / 1000);
      out.add(new Projection(e, params, partitions * rowsPerCore, TreeDepth.choose(partitions, e, bytes), compute,
          overhead, sps, sps / (e * one)));
    }
    return out;
  }

  /** The model's section of a benchmark run: parameters, engine compute, projections; also as JSON. */
  static final class Section {
    /** The measured parameters, calibrated by {@link #calibrate} when the step's own floor is known. */
    Params params;
    /** Engine milliseconds per row, one core, float32, by layer widths. */
    final Map<String, Double> msPerRow = new LinkedHashMap<>();
    final List<Projection> projections = new ArrayList<>();

    Section(Params params) {
      this.params = params;
    }

    /** Replaces the job and driver parameters by the step's own ({@link Params#calibrated}). */
    void calibrate(MatchedFloor.Floor floor, int partitions, double updateMs, long params) {
      this.params = this.params.calibrated(floor, partitions, updateMs, params);
    }

    /** Projects 8, 32 and 128 executors for each shape measured, with the parameters as they are now. */
    void project() {
      projections.clear();
      for (Map.Entry<String, Double> e : msPerRow.entrySet()) {
        long n = io.sparkmlp.nn.Architecture.of(java.util.Arrays.stream(e.getKey().split("-"))
            .mapToInt(Integer::parseInt).toArray(), io.sparkmlp.nn.Activation.RELU, io.sparkmlp.nn.Activation.IDENTITY,
            io.sparkmlp.nn.Loss.CROSS_ENTROPY).numParams();
        projections.addAll(CostModel.project(params, n, e.getValue(), 2, 512, 8, 32, 128));
      }
    }

    /** Measured steps beside the model's overhead for them, on this master. */
    final List<Check> checks = new ArrayList<>();

    /**
     * Adds the check of one measured configuration: the median of (step − compute) over its
     * steps against the model's overhead for P partitions and θ of {@code bytes}.
     */
    void check(String config, List<io.sparkmlp.train.StepInfo> steps, int partitions, long params, int bytesPerValue) {
      double measured = Stats.median(steps.stream().map(st -> st.stepMillis() - st.computeMillis()).toList());
      checks.add(new Check(config, measured, overheadMillis(this.params, partitions, this.params.executors, params,
          bytesPerValue, LOOPBACK)));
    }

    String table() {
      StringBuilder sb = new StringBuilder("step cost model (docs/performance.md):\n").append(describe(params));
      msPerRow.forEach((layers, ms) -> sb.append(String.format(Locale.ROOT,
          "  engine compute %s float32: %.4f ms a row on one core%n", layers, ms)));
      for (Check c : checks) {
        sb.append(String.format(Locale.ROOT, "  check on this master, %s: overhead (step - compute) measured %.2f ms,"
            + " modelled %.2f ms (%.2fx)%n", c.config, c.measuredOverheadMs, c.modelledOverheadMs,
            c.modelledOverheadMs / c.measuredOverheadMs));
      }
      sb.append("  projected on 10 GbE, executors of 2 cores, 512 rows of the batch per core (weak scaling):\n");
      sb.append("    executors  params      batch   depth  compute ms  overhead ms  samples/s    efficiency\n");
      for (Projection pr : projections) {
        sb.append(String.format(Locale.ROOT, "    %9d  %-10s  %6d  %5d  %10.2f  %11.2f  %11.0f  %9.0f%%%n", pr.executors,
            pr.params < 1_000_000 ? pr.params / 1000 + "k" : pr.params / 1_000_000 + "M", pr.batch, pr.depth,
            pr.computeMs, pr.overheadMs, pr.samplesPerSecond, 100 * pr.efficiency));
      }
      return sb.toString();
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("params", params);
      m.put("msPerRow", msPerRow);
      m.put("checks", checks);
      m.put("projections", projections);
      return m;
    }
  }

  /** No network in the way: the measured result and broadcast costs stand alone. */
  static final double LOOPBACK = Double.POSITIVE_INFINITY;
  /** The shapes projected: MNIST's default network (266,610) and one of 20.1M parameters. */
  static final String[] SHAPES = {"784-300-100-10", "4096-4096-800-10"};

  /**
   * Measures the parameters on {@code jsc}'s master over {@code partitions} and the engine's
   * compute per row for {@link #SHAPES}; {@link Section#project} then projects them.
   */
  static Section run(JavaSparkContext jsc, int partitions, int reps) {
    Section s = new Section(measure(jsc, partitions, reps));
    for (String layers : SHAPES) {
      int batch = layers.startsWith("784") ? 512 : 64;
      PassFixture<?> f = PassFixture.create(layers, Precision.FLOAT32, batch, 1L);
      double ms = median(Math.max(3, reps / 4), () -> f.pass());
      s.msPerRow.put(layers, ms / batch);
    }
    return s;
  }

  /** The parameters as a table, for the report. */
  static String describe(Params p) {
    return String.format(Locale.ROOT, "  measured on %s (%d executor(s)): job %.2f ms (%s) + %.3f ms a task, shuffle"
        + " level %.2f ms, result %.2f ms/MiB, broadcast %.2f ms/MiB, driver merge %.3f ms/MiB, driver update"
        + " %.2f ms per 1M parameters%n", p.master, p.executors, p.jobMs, p.jobSource, p.taskMs, p.stageMs,
        p.resultMsPerMiB, p.broadcastMsPerMiB, p.mergeMsPerMiB, p.driverMsPerMParam);
  }

  private static double mergeMsPerMiB(int reps) {
    int n = 8 << 18;
    float[] x = new float[n];
    float[] y = new float[n];
    java.util.Arrays.fill(x, 1e-3f);
    Kernels<float[]> k = Kernels.F32;
    double ms = median(reps, () -> {
      // y += 1 · x, the driver's combine of one partial
      k.axpy(n, 1.0, x, 0, y, 0);
      return y[n - 1];
    });
    return ms / (n * 4.0 / MIB);
  }

  private static JavaRDD<Integer> cached(JavaSparkContext jsc, int partitions) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      ids.add(i);
    }
    JavaRDD<Integer> rdd = jsc.parallelize(ids, partitions).persist(StorageLevel.MEMORY_ONLY());
    rdd.count();
    return rdd;
  }

  /** A timed action that returns something the JIT cannot drop. */
  @FunctionalInterface
  interface Timed {
    Object run();
  }

  private static double median(int reps, Timed t) {
    return medians(reps, List.of(t))[0];
  }

  private static double millis(Timed t) {
    long t0 = System.nanoTime();
    Object o = t.run();
    long t1 = System.nanoTime();
    if (o == null) {
      throw new IllegalStateException("a cost-model job returned nothing");
    }
    return (t1 - t0) / 1e6;
  }

  /** The measured jobs, each through named function classes (no closure to clean). */
  static final class Jobs {
    private Jobs() {}

    static Object empty(JavaRDD<Integer> rdd) {
      return run(rdd, new Count<>());
    }

    /** Each task returns {@code values} floats. */
    static Object results(JavaRDD<Integer> rdd, int values) {
      return run(rdd, new Floats(values));
    }

    /** A broadcast of {@code values} floats, read by every task, then destroyed. */
    static Object broadcast(JavaSparkContext jsc, JavaRDD<Integer> rdd, int values) {
      Broadcast<float[]> b = jsc.broadcast(new float[values]);
      try {
        return run(rdd, new ReadBroadcast(b));
      } finally {
        b.destroy();
      }
    }

    /** One shuffle level as the ordered aggregate runs it: pairs by group, partitioned, then collected. */
    static Object shuffleLevel(JavaRDD<Integer> rdd) {
      int groups = Math.max(1, (rdd.getNumPartitions() + 1) / 2);
      JavaPairRDD<Integer, Integer> pairs = rdd.mapToPair(new ByGroup()).partitionBy(new HashPartitioner(groups));
      return run(pairs.values(), new Count<>());
    }

    private static <T> Object run(JavaRDD<T> rdd, TaskFn<T> f) {
      return io.sparkmlp.train.PartitionJob.run(rdd.rdd(), f);
    }

    private abstract static class TaskFn<T> extends scala.runtime.AbstractFunction2<org.apache.spark.TaskContext,
        scala.collection.Iterator<T>, Object> implements java.io.Serializable {
      private static final long serialVersionUID = 1L;
    }

    private static final class Count<T> extends TaskFn<T> {
      private static final long serialVersionUID = 1L;

      @Override
      public Object apply(org.apache.spark.TaskContext c, scala.collection.Iterator<T> it) {
        return (long) it.size();
      }
    }

    private static final class Floats extends TaskFn<Integer> {
      private static final long serialVersionUID = 1L;
      private final int values;

      Floats(int values) {
        this.values = values;
      }

      @Override
      public Object apply(org.apache.spark.TaskContext c, scala.collection.Iterator<Integer> it) {
        float[] out = new float[values];
        out[0] = it.size();
        return out;
      }
    }

    private static final class ReadBroadcast extends TaskFn<Integer> {
      private static final long serialVersionUID = 1L;
      private final Broadcast<float[]> b;

      ReadBroadcast(Broadcast<float[]> b) {
        this.b = b;
      }

      @Override
      public Object apply(org.apache.spark.TaskContext c, scala.collection.Iterator<Integer> it) {
        return (long) b.value().length + it.size();
      }
    }

    private static final class ByGroup implements org.apache.spark.api.java.function.PairFunction<Integer,
        Integer, Integer> {
      private static final long serialVersionUID = 1L;

      @Override
      public Tuple2<Integer, Integer> call(Integer i) {
        return new Tuple2<>(i / 2, i);
      }
    }
  }
}
