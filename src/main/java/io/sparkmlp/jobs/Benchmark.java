package io.sparkmlp.jobs;

import io.sparkmlp.jobs.bench.BenchSettings;
import io.sparkmlp.jobs.bench.BenchmarkRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark job (behind {@code jobs/benchmark.sh}): sparkmlp against Spark MLlib's MLP in
 * one run, on one master and one cached MNIST input; see {@link BenchmarkRun}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    version = "sparkmlp benchmark 0.1.0",
    description = {
        "sparkmlp vs Spark MLlib's MultilayerPerceptronClassifier on MNIST, layers 784-300-100-10,",
        "in one run on one master and one cached input. Prints a table and writes benchmark.json:",
        "  1. throughput (samples/s over full passes): ours float32 and float64, MLlib solver=gd;",
        "  2. time to the target test accuracy: ours (our MNIST config), MLlib l-bfgs;",
        "  3. one partition's forward+backward GFLOP/s vs raw GEMM on the same shapes;",
        "  4. one step's cost broken down, next to an empty Spark job.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the benchmark ran (met or missed targets alike)", "1:it failed", "2:usage error"})
public final class Benchmark implements Callable<Integer> {
  private final BenchSettings s = new BenchSettings();

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "Spark master (default: ${DEFAULT-VALUE}); jobs/benchmark.sh passes its own.")
  String master;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist",
      description = "MNIST IDX directory with the train and t10k pairs (default: ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/benchmark",
      description = "Where benchmark.json goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Our global batch size (default: our MNIST config's).")
  Integer batchSize;

  @Option(names = "--learning-rate", paramLabel = "ETA", description = "Our Adam learning rate (default: our MNIST config's).")
  Double learningRate;

  @Option(names = "--warmup-steps", paramLabel = "N", description = "Our learning-rate warm-up (default: our MNIST config's).")
  Long warmupSteps;

  @Option(names = {"--passes", "--epochs"}, paramLabel = "N",
      description = "Full passes timed per trainer for throughput (default: 5).")
  Integer passes;

  @Option(names = "--max-epochs", paramLabel = "N", description = "Our epochs at most in time to accuracy (default: 30).")
  Integer maxEpochs;

  @Option(names = "--target-accuracy", paramLabel = "ACC", description = "Test accuracy to reach (default: 0.97).")
  Double targetAccuracy;

  @Option(names = "--mllib-max-seconds", paramLabel = "S",
      description = "Budget of MLlib's l-bfgs fit time in time to accuracy; beyond it the figure is a lower bound (default: 600).")
  Double mllibMaxSeconds;

  @Option(names = "--mllib-check-every", paramLabel = "N",
      description = "MLlib l-bfgs iterations between accuracy checks (default: 10).")
  Integer mllibCheckEvery;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the input (default: Spark's default parallelism).")
  Integer partitions;

  @Option(names = "--sections", paramLabel = "LIST", split = ",",
      description = "Sections to run, of kernels, throughput (with the step cost), tta (default: all).")
  java.util.Set<String> sections;

  @Option(names = "--skip-mllib", description = "Measure sparkmlp only.")
  boolean skipMllib;

  @Option(names = "--scaling", description = "Only our float32 throughput and the step cost (for scripts/bench-scaling.sh).")
  boolean scaling;

  @Option(names = "--quick", description = "A short smoke run of every section (a few passes, small kernel batch, 20 s MLlib budget).")
  boolean quick;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  private PrintWriter stdout;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Parses {@code args} and runs the benchmark; returns the exit code. Uses the active
   * SparkSession when there is one (and leaves it running), else starts one on --master and
   * stops it at the end.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Benchmark job = new Benchmark();
    job.stdout = out;
    CommandLine cl = new CommandLine(job);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("benchmark: " + e.getMessage() + " (see --help)");
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, p) -> {
      err.println("benchmark: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      if (job.verbose) {
        e.printStackTrace(err);
      }
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = settings();
    boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().master(master).appName("sparkmlp-benchmark").getOrCreate();
    try {
      BenchmarkRun.run(spark, settings, out, stdout);
    } finally {
      if (own) {
        spark.stop();
      }
    }
    return 0;
  }

  private BenchSettings settings() {
    if (quick) {
      s.quick();
    }
    s.data = data;
    if (batchSize != null) s.batchSize = batchSize;
    if (learningRate != null) s.learningRate = learningRate;
    if (warmupSteps != null) s.warmupSteps = warmupSteps;
    if (passes != null) s.passes = passes;
    if (maxEpochs != null) s.maxEpochs = maxEpochs;
    if (targetAccuracy != null) s.targetAccuracy = targetAccuracy;
    if (mllibMaxSeconds != null) s.mllibMaxSeconds = mllibMaxSeconds;
    if (mllibCheckEvery != null) s.mllibCheckEvery = mllibCheckEvery;
    if (partitions != null) s.partitions = partitions;
    s.skipMllib = skipMllib;
    if (sections != null) {
      if (!BenchSettings.SECTIONS.containsAll(sections)) {
        throw new IllegalArgumentException("--sections " + sections + ": expected some of "
            + new java.util.TreeSet<>(BenchSettings.SECTIONS));
      }
      s.sections = new java.util.TreeSet<>(sections);
    }
    s.scaling = scaling;
    return s;
  }
}
