package io.sparkmlp.bench;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark MLlib's {@link MultilayerPerceptronClassifier} on the sparse section's features, with
 * its defaults (l-bfgs, maxIter 100, blockSize 128, sigmoid hidden layers, float64) but maxIter
 * when it is set, and our layer sizes. MLlib stacks every block of blockSize rows into one dense array of
 * blockSize × (d + K) doubles (256 MiB at d = 2^18), so it may run out of heap. In local mode an
 * OutOfMemoryError in a task ends the whole JVM (Spark's uncaught-exception handler exits with
 * code 52), so the fit runs in a child JVM of the same heap, Java options and Spark settings,
 * on the features written as Parquet, with a time bound; whatever happens to it, the benchmark
 * goes on and reports it: its time and accuracy, or how it ended, with the error it printed.
 */
final class MllibSparseMlp {
  /** MLlib's L-BFGS history: numCorrections pairs (s, y) of weight-sized vectors. */
  static final int LBFGS_CORRECTIONS = 10;
  static final int BLOCK_SIZE = 128;

  /** How the fit ended: it ran, it failed (the JVM exited non-zero), or the time bound stopped it. */
  enum Status { RAN, FAILED, TIMED_OUT }

  /**
   * What MLlib's MLP needs in memory, in bytes, at these layer sizes: {@code weights} parameters
   * (one float64 vector is {@code weightBytes}); a dense block of {@code blockBytes}, of which
   * {@code blocks} make one pass (rebuilt every pass, not cached), one held by each running task
   * with a weight-sized gradient; and the L-BFGS history on the driver, {@code lbfgsBytes}.
   */
  record Needs(int[] layers, long weights, long weightBytes, long blockBytes, long blocks, long lbfgsBytes) {
    long allBlockBytes() { return blockBytes * blocks; }
  }

  /**
   * {@code status}; for RAN, fit seconds (inside the child), test accuracy and L-BFGS iterations;
   * otherwise {@code error} (the first exception line it printed, or the bound), the exit code
   * (−1 when stopped) and the Spark jobs it had finished, the last at {@code lastJobSeconds}.
   */
  record Outcome(Status status, Needs needs, int maxIter, double fitSeconds, double accuracy, int iterations,
      int jobsDone, double lastJobSeconds, String error, int exitCode, double wallSeconds, long heapBytes,
      String log) {}

  private MllibSparseMlp() {}

  static Needs needs(int[] layers, int[] rowsPerPartition) {
    long w = 0;
    for (int l = 0; l + 1 < layers.length; l++) {
      w += ((long) layers[l] + 1) * layers[l + 1];   // W_l (in × out) and b_l (out)
    }
    long blocks = 0;
    for (int n : rowsPerPartition) {
      blocks += (n + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }
    long block = 8L * BLOCK_SIZE * (layers[0] + layers[layers.length - 1]);
    return new Needs(layers.clone(), w, 8 * w, block, blocks, 2L * LBFGS_CORRECTIONS * 8 * w);
  }

  /**
   * Writes {@code train} and {@code test} (label, features) under {@code work} and fits MLlib's
   * MLP on them in a child JVM ({@code maxIter} L-BFGS iterations at most), stopped after
   * {@code maxSeconds}.
   */
  static Outcome run(SparkSession spark, Dataset<Row> train, Dataset<Row> test, int[] layers,
      int[] rowsPerPartition, long seed, int maxIter, Path work, double maxSeconds) throws IOException, InterruptedException {
    Needs needs = needs(layers, rowsPerPartition);
    Files.createDirectories(work);
    String trainPath = work.resolve("train.parquet").toString();
    String testPath = work.resolve("test.parquet").toString();
    spark.sparkContext().setJobDescription("benchmark: features for MLlib's MLP, as Parquet");
    train.write().mode("overwrite").parquet(trainPath);
    test.write().mode("overwrite").parquet(testPath);
    spark.sparkContext().setJobDescription(null);
    String master = spark.sparkContext().master();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    boolean heap = false;
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-agentlib") || a.startsWith("-javaagent") || a.startsWith("-Xrunjdwp") || a.startsWith("-Xdebug")) {
        continue;
      }
      heap |= a.startsWith("-Xmx");
      cmd.add(a);
    }
    long maxHeap = Runtime.getRuntime().maxMemory();
    if (!heap) {
      cmd.add("-Xmx" + (maxHeap >> 20) + "m");
    }
    cmd.add("-cp");
    cmd.add(classPath());
    cmd.add(MllibSparseMlp.class.getName());
    cmd.addAll(List.of(master.startsWith("local") ? master : "local[2]", trainPath, testPath,
        join(layers), Long.toString(seed), Integer.toString(maxIter)));
    for (String key : List.of("spark.serializer", "spark.kryo.registrationRequired", "spark.broadcast.compress",
        "spark.task.maxDirectResultSize", "spark.driver.maxResultSize")) {
      if (spark.sparkContext().getConf().contains(key)) {
        cmd.add(key + "=" + spark.sparkContext().getConf().get(key));
      }
    }
    Path log = work.resolve("mllib-mlp.log");
    Path progress = work.resolve("mllib-mlp.progress");
    Files.deleteIfExists(progress);
    cmd.add(cmd.indexOf(MllibSparseMlp.class.getName()) + 1, progress.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long t0 = System.nanoTime();
    boolean done = p.waitFor((long) (maxSeconds * 1000), TimeUnit.MILLISECONDS);
    if (!done) {
      p.destroyForcibly();   // the child this method started, by its handle
      p.waitFor(30, TimeUnit.SECONDS);
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    int jobs = 0;
    double lastJob = Double.NaN;
    for (String l : Files.exists(progress) ? Files.readAllLines(progress, StandardCharsets.UTF_8) : List.<String>of()) {
      String[] f = l.trim().split(" ");
      if (f[0].equals("JOB") && f.length == 3) {
        jobs++;
        lastJob = Double.parseDouble(f[2]);
      } else if (f[0].equals("RESULT") && f.length == 4) {
        return new Outcome(Status.RAN, needs, maxIter, Double.parseDouble(f[1]), Double.parseDouble(f[2]),
            Integer.parseInt(f[3]), jobs, lastJob, null, 0, wall, maxHeap, log.toString());
      }
    }
    String error = firstError(lines);
    if (!done) {
      return new Outcome(Status.TIMED_OUT, needs, maxIter, Double.NaN, Double.NaN, 0, jobs, lastJob,
          "stopped by the benchmark's bound of " + BenchReport.f1(maxSeconds) + " s"
              + (error == null ? "" : "; it had printed: " + error), -1, wall, maxHeap, log.toString());
    }
    return new Outcome(Status.FAILED, needs, maxIter, Double.NaN, Double.NaN, 0, jobs, lastJob,
        error == null ? "no exception printed" : error, p.exitValue(), wall, maxHeap, log.toString());
  }

  /** The outcome when the benchmark itself could not start the child or read what it wrote. */
  static Outcome notRun(int[] layers, int[] rowsPerPartition, int maxIter, Exception e) {
    return new Outcome(Status.FAILED, needs(layers, rowsPerPartition), maxIter, Double.NaN, Double.NaN, 0, 0,
        Double.NaN, "the benchmark could not run it: " + e, -1, 0, Runtime.getRuntime().maxMemory(), "-");
  }

  /**
   * The error the child printed: the first line naming an OutOfMemoryError, with the first
   * ERROR log line (where it happened) after it in parentheses; else that ERROR line; else the
   * first line naming an exception (stack frames skipped); or null.
   */
  static String firstError(List<String> lines) {
    String where = null;
    for (String l : lines) {
      if (l.contains("ERROR")) {
        where = l.trim();
        break;
      }
    }
    for (String l : lines) {
      if (l.contains("OutOfMemoryError") && !l.startsWith("\tat ")) {
        return l.trim() + (where == null ? "" : " (" + where + ")");
      }
    }
    if (where != null) {
      return where;
    }
    for (String l : lines) {
      if (l.contains("Exception") && !l.startsWith("\tat ")) {
        return l.trim();
      }
    }
    return null;
  }

  /** This JVM's class path and the code source of this class (the app jar under spark-submit). */
  private static String classPath() {
    String own;
    try {
      own = new File(MllibSparseMlp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("the location of " + MllibSparseMlp.class + ": " + e.getMessage(), e);
    }
    return own + File.pathSeparator + System.getProperty("java.class.path");
  }

  private static String join(int[] v) {
    StringBuilder sb = new StringBuilder();
    for (int x : v) {
      sb.append(sb.length() == 0 ? "" : ",").append(x);
    }
    return sb.toString();
  }

  /**
   * The child: {@code PROGRESS MASTER TRAIN TEST LAYERS SEED MAXITER [key=value ...]}. Writes to
   * the file PROGRESS (apart from the log, so no log line interleaves) {@code JOB n s} as each
   * Spark job succeeds (seconds from the fit's start) and {@code RESULT fitSeconds accuracy
   * iterations} at the end.
   */
  public static void main(String[] args) throws IOException {
    try (java.io.PrintWriter progress = new java.io.PrintWriter(Files.newBufferedWriter(Path.of(args[0]),
        StandardCharsets.UTF_8), true)) {
      child(java.util.Arrays.copyOfRange(args, 1, args.length), progress);
    }
  }

  private static void child(String[] args, java.io.PrintWriter progress) {
    SparkSession.Builder b = SparkSession.builder().master(args[0]).appName("sparkmlp-benchmark-mllib-mlp")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1");
    for (int i = 6; i < args.length; i++) {
      b.config(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    }
    SparkSession spark = b.getOrCreate();
    try {
      Dataset<Row> train = spark.read().parquet(args[1]).cache();
      Dataset<Row> test = spark.read().parquet(args[2]).cache();
      train.count();
      test.count();
      int[] layers = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
      long t0 = System.nanoTime();
      int[] jobs = {0};
      spark.sparkContext().addSparkListener(new SparkListener() {
        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
          if (e.jobResult() instanceof org.apache.spark.scheduler.JobSucceeded$) {
            progress.printf(Locale.ROOT, "JOB %d %.2f%n", ++jobs[0], (System.nanoTime() - t0) / 1e9);
          }
        }
      });
      MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassifier().setLayers(layers)
          .setBlockSize(BLOCK_SIZE).setSeed(Long.parseLong(args[4])).setMaxIter(Integer.parseInt(args[5])).setFeaturesCol("features").setLabelCol("label")
          .fit(train);
      double fit = (System.nanoTime() - t0) / 1e9;
      double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy").setLabelCol("label")
          .setPredictionCol("prediction").evaluate(m.transform(test));
      progress.printf(Locale.ROOT, "RESULT %.3f %.6f %d%n", fit, acc, m.summary().totalIterations());
    } finally {
      spark.stop();
    }
  }
}
