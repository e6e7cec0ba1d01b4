package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkmlp.linalg.Blas;
import io.sparkmlp.nn.Precision;
import io.sparkmlp.train.TrainConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One benchmark run, in one Spark application and on one cached input, section by section:
 * kernels (before Spark does any work), input, our throughput in float32 (whose steps give the
 * step cost) and float64, the empty-job floor, MLlib's gd throughput, then time to accuracy,
 * ours and MLlib's. Prints each section's progress, then the whole table.
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
    if (s.sections.contains("kernels") && !s.scaling) {
      say(stdout, "3. kernels: forward+backward vs raw GEMM, B=" + s.kernelBatch);
      r.kernels = KernelEfficiency.measure(KernelEfficiency.SHAPES, s.kernelBatch, s.kernelReps, s.kernelWarmup);
    }
    say(stdout, "input: loading and caching " + s.data);
    try (BenchInput in = new BenchInput(spark, s.data, s.partitions, !s.scaling)) {
      r.setup.put("input", in.trainRows + " training rows, " + in.testRows + " test rows, "
          + in.features + " features, " + in.partitions + " partitions" + (s.scaling ? "" : ", cached"));
      r.setup.put("layers", java.util.Arrays.toString(OurRuns.layers(in.features, in.classes, s.ours)));
      if (s.sections.contains("throughput") || s.scaling) {
        throughput(r, in, s, jsc, stdout);
      }
      if (s.sections.contains("tta") && !s.scaling) {
        say(stdout, "2. time to accuracy: sparkmlp");
        r.oursTta = OurRuns.timeToAccuracy(in, s);
        if (!s.skipMllib) {
          say(stdout, "2. time to accuracy: MLlib l-bfgs, budget " + s.mllibMaxSeconds + " s");
          r.mllibTta = MllibRuns.timeToAccuracy(in, s);
        }
      }
    }
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

  /** Section 1, and section 4 from the float32 run's steps. */
  private static void throughput(BenchReport r, BenchInput in, BenchSettings s, JavaSparkContext jsc,
      PrintWriter stdout) throws InterruptedException {
    say(stdout, "1. throughput: sparkmlp float32, " + s.passes + " passes");
    r.ours32 = OurRuns.throughput(in, s, Precision.FLOAT32, s.batchSize());
    // The floor right after the steps it is compared with, so Spark's scheduler code is as warm
    // (JIT) for the empty jobs as it was for the steps: measured first, in a fresh JVM, empty
    // jobs took 18-27 ms here, where the same jobs settle near 10 ms after a few hundred others.
    say(stdout, "4. empty Spark job floor");
    StepCost.Floors floors = StepCost.emptyJobMillis(jsc, in.partitions, s.emptyJobReps);
    r.steps = StepCost.of(r.ours32.steps(), r.ours32.batchSize(), floors);
    if (s.scaling) {
      return;
    }
    say(stdout, "1. throughput: sparkmlp float64, " + s.passes + " passes");
    r.ours64 = OurRuns.throughput(in, s, Precision.FLOAT64, s.batchSize());
    if (s.referenceBatch > 0 && s.referenceBatch != s.batchSize()) {
      for (Precision p : Precision.values()) {
        say(stdout, "1. throughput: sparkmlp " + p.id() + " at batch " + s.referenceBatch + " (reference), " + s.passes + " passes");
        r.oursReference.add(OurRuns.throughput(in, s, p, s.referenceBatch));
      }
    }
    if (!s.skipMllib) {
      say(stdout, "1. throughput: MLlib MLP gd, " + s.passes + " passes");
      r.mllibGd = MllibRuns.throughput(in, s);
    }
  }

  private static void setup(BenchReport r, SparkSession spark, BenchSettings s) {
    r.setup.put("date", Instant.now().toString());
    r.setup.put("master", spark.sparkContext().master() + " (default parallelism "
        + spark.sparkContext().defaultParallelism() + ")");
    r.setup.put("machine", Machine.describe());
    r.setup.put("load average", Machine.loadAverage());
    r.setup.put("BLAS", Blas.describe() + ", OPENBLAS_NUM_THREADS="
        + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "(unset)"));
    io.sparkmlp.linalg.BlasKernel.Report kernel = io.sparkmlp.linalg.BlasKernel.here();
    r.setup.put("BLAS kernel", (kernel.kernel() == null ? "unknown" : kernel.kernel()) + " (" + kernel.source() + ")");
    r.setup.put("versions", "Java " + System.getProperty("java.version") + ", Spark " + spark.version());
    TrainConfig c = s.ours;
    r.setup.put("sparkmlp config", s.oursSource + ": " + c.get(OPTIMIZER) + ", " + c.get(ACTIVATION)
        + ", batch " + c.get(BATCH_SIZE) + ", lr " + c.get(LEARNING_RATE) + ", warm-up " + c.get(WARMUP_STEPS)
        + " steps, then " + c.get(LR_SCHEDULE) + ("step".equals(c.get(LR_SCHEDULE)) ? " (x" + c.get(LR_GAMMA)
        + " every " + c.get(LR_STEP_SIZE) + " steps)" : "") + " over " + c.get(MAX_EPOCHS) + " epochs, seed " + c.get(SEED));
    r.setup.put("mode", s.scaling ? "scaling (float32 throughput and step cost only)" : s.quick ? "quick (smoke test)" : "full");
  }

  private static void say(PrintWriter out, String what) {
    out.println("[" + Instant.now().toString().substring(11, 19) + "] " + what);
    out.flush();
  }
}
