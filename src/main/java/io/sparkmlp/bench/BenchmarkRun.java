package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkmlp.linalg.Blas;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.StepInfo;
import io.sparkmlp.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Instant;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmark run, in one Spark application, section by section: kernels (before Spark does
 * any work); on one cached MNIST input (the training file less a validation split, and the test
 * set), our throughput in float32 (whose steps give the step cost, next to the matched floor
 * measured on the same packed data) and float64, MLlib's gd throughput at each blockSize, every
 * configuration after the same untimed warm-up passes; then time to accuracy that holds, ours
 * and MLlib's, on the validation split; then, on text, the sparse section. Prints each section's
 * progress, then the whole table.
 */
public final class BenchmarkRun {

  private BenchmarkRun() {}

  /** Runs the benchmark on {@code spark}; writes {@code benchmark.json} into {@code out} when it is not null. */
  public static BenchReport run(SparkSession spark, BenchSettings s, Path out, PrintWriter stdout)
      throws IOException, InterruptedException {
    BenchReport r = new BenchReport();
    r.targetAccuracy = s.targetAccuracy;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    setup(r, spark, s);
    boolean mnist = s.scaling || s.sections.stream().anyMatch(BenchSettings.MNIST_SECTIONS::contains);
    if (s.sections.contains("kernels") && !s.scaling) {
      say(stdout, "3. kernels: forward+backward vs raw GEMM, B=" + s.kernelBatch);
      r.kernels = KernelEfficiency.measure(KernelEfficiency.SHAPES, s.kernelBatch, s.kernelReps, s.kernelWarmup);
    }
    if (mnist && (s.sections.contains("throughput") || s.sections.contains("tta") || s.sections.contains("batches")
        || s.scaling)) {
      mnist(r, spark, s, jsc, stdout);
    }
    if (s.sections.contains("sparse") && !s.scaling) {
      r.sparse = sparse(spark, s, out, stdout);
    }
    if (s.sections.contains("costmodel")) {
      costModel(r, s, jsc, stdout);
    }
    r.setup.put("load average at end", Machine.loadAverage());
    stdout.println();
    stdout.print(r.table());
    stdout.flush();
    if (out != null) {
      Files.createDirectories(out);
      Path json = out.resolve("benchmark.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), r.toJson());
      stdout.println("\nwrote " + json);
    }
    return r;
  }

  /**
   * Section 6: the step cost model's parameters measured on this master, checked against the
   * throughput section's steps when it ran (their partitions and θ's size), and projected.
   */
  private static void costModel(BenchReport r, BenchSettings s, JavaSparkContext jsc, PrintWriter stdout) {
    int partitions = r.inputPartitions > 0 ? r.inputPartitions : jsc.defaultParallelism();
    say(stdout, "6. cost model: its parameters on " + jsc.master() + " over " + partitions + " partitions, "
        + "engine compute per row, projections");
    r.costModel = CostModel.run(jsc, partitions, s.emptyJobReps);
    if (r.steps != null && r.steps.matched() != null) {
      // the job as the step pays it, and the driver's update, from section 1's float32 run
      r.costModel.calibrate(r.steps.matched(), partitions, r.steps.update(), r.params);
    }
    List<OurRuns.Throughput> rows = new ArrayList<>();
    if (r.ours32 != null) rows.add(r.ours32);
    if (r.ours64 != null) rows.add(r.ours64);
    rows.addAll(r.oursReference);
    for (OurRuns.Throughput o : rows) {
      r.costModel.check(o.precision().id() + " B=" + o.batchSize(), o.steps(), partitions, r.params,
          o.precision().bytes());
    }
    r.costModel.project();
  }

  /** Sections 1, 2 and 4, on one cached MNIST input. */
  private static void mnist(BenchReport r, SparkSession spark, BenchSettings s, JavaSparkContext jsc,
      PrintWriter stdout) throws InterruptedException {
    say(stdout, "input: loading and caching " + s.data);
    try (BenchInput in = new BenchInput(spark, s.data, s.partitions, !s.scaling, s.validationFraction, s.seed())) {
      r.setup.put("input", s.scaling ? in.trainRows + " training rows, " + in.features + " features, "
          + in.partitions + " partitions" : in.trainRows + " training rows fitted on, " + in.validationRows
          + " held out of the training file as the validation split (fraction " + s.validationFraction + ", seed "
          + s.seed() + ": the train job's hold-out), " + in.testRows + " test rows (each trainer's final model only), " + in.features
          + " features, " + in.partitions + " partitions, cached");
      int[] layers = OurRuns.layers(in.features, in.classes, s.ours);
      r.setup.put("layers", java.util.Arrays.toString(layers));
      r.inputPartitions = in.partitions;
      r.params = io.sparkmlp.nn.Architecture.of(layers, io.sparkmlp.nn.Activation.RELU,
          io.sparkmlp.nn.Activation.IDENTITY, io.sparkmlp.nn.Loss.CROSS_ENTROPY).numParams();
      if (s.sections.contains("throughput") || s.scaling) {
        throughput(r, in, s, jsc, stdout);
      }
      if (s.sections.contains("tta") && !s.scaling) {
        timeToAccuracy(r, in, s, stdout);
      }
      if (s.sections.contains("batches") && !s.scaling) {
        say(stdout, "2b. time to accuracy per batch size: " + MnistRecipes.CHOSEN.size() + " recipes, checked on the"
            + " validation split");
        r.batches = BatchTable.run(in, s, r.matchedFloorMs());
      }
    }
  }

  /**
   * Section 5, on text: ours at the config's width (heap watched), MLlib's LR on the same
   * features, MLlib's MLP in a child JVM (its Parquet input under {@code out}, or a temporary
   * directory), then our step cost at the other widths.
   */
  private static SparseReport.Result sparse(SparkSession spark, BenchSettings s, Path out, PrintWriter stdout)
      throws IOException, InterruptedException {
    say(stdout, "5. sparse: loading and caching " + s.textData + " and " + s.textTestData);
    try (SparseInput in = new SparseInput(spark, s)) {
      SparseReport.Result res = new SparseReport.Result(in.trainRows, in.testRows, in.classes, in.partitions,
          s.sparseSource, s.textFeatures);
      try (SparseInput.Featurized f = in.features(s.textFeatures)) {
        res.featurizeSeconds = f.seconds;
        say(stdout, "5. sparse: sparkmlp at d=" + f.d + ", " + s.sparseOurs.get(MAX_EPOCHS) + " epochs");
        res.ours = SparseRuns.fit(in, f, s);
        if (!s.skipMllib) {
          say(stdout, "5. sparse: MLlib logistic regression, regParam of " + java.util.Arrays.toString(s.lrRegParams));
          res.lr = SparseRuns.logisticRegression(f, s);
          int[] layers = OurRuns.layers(f.d, in.classes, s.sparseOurs);
          say(stdout, "5. sparse: MLlib MLP " + java.util.Arrays.toString(layers) + " l-bfgs, maxIter " + s.mllibMlpMaxIter + ", in a child JVM, bound "
              + s.mllibMlpMaxSeconds + " s");
          Path work = out != null ? out.resolve("mllib-mlp") : Files.createTempDirectory("sparkmlp-mllib-mlp");
          int[] rows = rowsPerPartition(f.train);
          try {
            res.mlp = MllibSparseMlp.run(spark, f.train, f.test, layers, rows, s.sparseOurs.get(SEED),
                s.mllibMlpMaxIter, work, s.mllibMlpMaxSeconds);
          } catch (IOException | RuntimeException e) {   // the child's start or its files: reported, not fatal
            res.mlp = MllibSparseMlp.notRun(layers, rows, s.mllibMlpMaxIter, e);
          }
        }
      }
      // every width runs twice, ascending then descending, after the fits above, so that none is
      // measured in a colder JVM than another; each width's medians are over both runs' steps
      List<SparseInput.Featurized> widths = new ArrayList<>();
      try {
        for (int d : s.sparseWidths) {
          widths.add(in.features(d));
        }
        Map<Integer, List<StepInfo>> steps = new HashMap<>();
        Map<Integer, Long> stored = new HashMap<>();
        for (int pass = 0; pass < 2; pass++) {
          for (int i = 0; i < widths.size(); i++) {
            SparseInput.Featurized f = widths.get(pass == 0 ? i : widths.size() - 1 - i);
            say(stdout, "5. sparse: sparkmlp step cost at d=" + f.d + ", " + s.sparseStepEpochs + " epochs, run "
                + (pass + 1) + " of 2");
            stored.put(f.d, SparseRuns.steps(in, f, s, s.sparseStepEpochs,
                steps.computeIfAbsent(f.d, x -> new ArrayList<>())));
          }
        }
        for (SparseInput.Featurized f : widths) {
          res.widths.add(SparseRuns.width(f.d, stored.get(f.d), steps.get(f.d), s.sparseOurs.get(BATCH_SIZE)));
        }
      } finally {
        widths.forEach(SparseInput.Featurized::close);
      }
      res.widths.sort(java.util.Comparator.comparingInt(SparseRuns.Width::d));
      return res;
    }
  }

  private static int[] rowsPerPartition(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df) {
    return df.javaRDD().mapPartitions(it -> {
      int n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return java.util.List.of(n).iterator();
    }).collect().stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Section 2. After the throughput section both trainers' code is warm; without it, each first
   * runs the same untimed warm-up passes. MLlib's L-BFGS runs at the best blockSize of the gd
   * sweep when there was one (blockSize decides how rows are stacked into GEMMs, not what is
   * summed), else at its default, 128.
   */
  private static void timeToAccuracy(BenchReport r, BenchInput in, BenchSettings s, PrintWriter stdout)
      throws InterruptedException {
    if (!s.sections.contains("throughput")) {
      say(stdout, "2. time to accuracy: warm-up, " + s.warmupPasses + " untimed pass(es) of each trainer");
      OurRuns.warmUp(in, s);
      if (!s.skipMllib) {
        MllibRuns.warmUp(in, s);
      }
    }
    say(stdout, "2. time to accuracy: sparkmlp, the config's whole run, checked on the validation split");
    r.oursTta = OurRuns.timeToAccuracy(in, s);
    if (!s.skipMllib) {
      int blockSize = r.mllibGd == null ? MllibRuns.DEFAULT_BLOCK_SIZE : r.mllibBest().blockSize();
      say(stdout, "2. time to accuracy: MLlib l-bfgs, blockSize " + blockSize + ", checked on the validation split, budget "
          + s.mllibMaxSeconds + " s");
      r.mllibTta = MllibRuns.timeToAccuracy(in, s, blockSize);
    }
  }

  /** Section 1, and section 4 from the float32 run's steps. */
  private static void throughput(BenchReport r, BenchInput in, BenchSettings s, JavaSparkContext jsc,
      PrintWriter stdout) throws InterruptedException {
    String passes = s.warmupPasses + " warm-up + " + s.passes + " timed passes";
    say(stdout, "1. throughput: sparkmlp float32, " + passes);
    // The floors right after the steps they are compared with, so Spark's scheduler code is as
    // warm (JIT) for them as it was for the steps (measured first, in a fresh JVM, empty jobs
    // took 18-27 ms here, where the same jobs settle near 10 ms after a few hundred others); the
    // matched floor on the float32 run's own cached packed data, before it is unpersisted.
    MatchedFloor.Floor[] matched = new MatchedFloor.Floor[1];
    r.ours32 = OurRuns.throughput(in, s, Precision.FLOAT32, s.batchSize(), (data, params) -> {
      say(stdout, "4. matched floor: θ broadcast + named-class job on the cached packed data, no engine work");
      matched[0] = MatchedFloor.measure(jsc, data, params, s.emptyJobReps);
    });
    say(stdout, "4. lambda-job floors (treeReduce, count), for reference");
    StepCost.Floors floors = StepCost.emptyJobMillis(jsc, in.partitions, s.emptyJobReps);
    r.steps = StepCost.of(r.ours32.steps(), r.ours32.batchSize(), matched[0], floors);
    if (s.scaling) {
      return;
    }
    say(stdout, "1. throughput: sparkmlp float64, " + passes);
    r.ours64 = OurRuns.throughput(in, s, Precision.FLOAT64, s.batchSize(), null);
    if (s.referenceBatch > 0 && s.referenceBatch != s.batchSize()) {
      for (Precision p : Precision.values()) {
        say(stdout, "1. throughput: sparkmlp " + p.id() + " at batch " + s.referenceBatch + ", " + passes);
        r.oursReference.add(OurRuns.throughput(in, s, p, s.referenceBatch, null));
      }
    }
    if (!s.skipMllib) {
      say(stdout, "1. throughput: MLlib MLP gd, blockSize " + java.util.Arrays.toString(s.mllibBlockSizes) + ", "
          + passes + " each");
      r.mllibGd = MllibRuns.throughputSweep(in, s);
    }
  }

  private static void setup(BenchReport r, SparkSession spark, BenchSettings s) {
    r.setup.put("date", Instant.now().toString());
    r.setup.put("master", spark.sparkContext().master() + " (default parallelism "
        + spark.sparkContext().defaultParallelism() + ")");
    r.setup.put("machine", Machine.describe());
    r.setup.put("load average", Machine.loadAverage() + " at start");
    r.setup.put("BLAS", Blas.describe() + ", OPENBLAS_NUM_THREADS="
        + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"));
    io.sparkmlp.linalg.BlasKernel.Report kernel = io.sparkmlp.linalg.BlasKernel.here();
    r.setup.put("BLAS kernel", (kernel.kernel() == null ? "unknown" : kernel.kernel()) + " (" + kernel.source() + ")");
    r.setup.put("versions", "Java " + System.getProperty("java.version") + ", Spark " + spark.version());
    r.setup.put("JIT", Machine.jit());
    r.setup.put("sections", String.join(",", s.sections) + (s.scaling ? " (scaling)" : ""));
    r.setup.put("mode", s.scaling ? "scaling (float32 throughput and step cost only)" : s.quick ? "quick (smoke test)" : "full");
    if (!s.scaling && s.sections.stream().noneMatch(BenchSettings.MNIST_SECTIONS::contains)) {
      return;
    }
    if (!s.skipMllib && !s.scaling) {
      r.setup.put("MLlib BLAS", MllibBlas.describe());
    }
    r.setup.put("throughput warm-up", s.warmupPasses + " untimed full pass(es) before the " + s.passes
        + " timed ones of every throughput configuration, ours and MLlib's alike");
    TrainConfig c = s.ours;
    r.setup.put("sparkmlp config", s.oursSource + ": " + c.get(OPTIMIZER) + ", " + c.get(ACTIVATION)
        + ", batch " + c.get(BATCH_SIZE) + ", lr " + c.get(LEARNING_RATE) + ", warm-up " + c.get(WARMUP_STEPS)
        + " steps, then " + c.get(LR_SCHEDULE) + ("step".equals(c.get(LR_SCHEDULE)) ? " (x" + c.get(LR_GAMMA)
        + " every " + c.get(LR_STEP_SIZE) + " steps)" : "") + " over " + c.get(MAX_EPOCHS) + " epochs, seed " + c.get(SEED));
  }

  private static void say(PrintWriter out, String what) {
    out.println("[" + Instant.now().toString().substring(11, 19) + "] " + what);
    out.flush();
  }
}
