package io.sparkmlp.jobs;

import io.sparkmlp.config.ConfigFile;
import io.sparkmlp.config.TrainSpec;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.bench.BenchSettings;
import io.sparkmlp.bench.BenchmarkRun;
import io.sparkmlp.run.TextFeatures;
import io.sparkmlp.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
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
    version = "sparkmlp benchmark 0.1.0", usageHelpWidth = 100,
    description = {
        "sparkmlp vs Spark MLlib's MultilayerPerceptronClassifier on MNIST (784-300-100-10 by default)",
        "in one run, on one master and one cached input: the training file less the train job's",
        "validation hold-out (--validation-fraction), and the test set. Prints the machine (CPU, BLAS",
        "kernel, MLlib's BLAS, load at start and end), a table, and writes benchmark.json:",
        "  1. throughput (samples/s over full passes, each configuration after the same --warmup-passes):",
        "     ours float32 and float64, MLlib solver=gd at each --mllib-block-sizes (the best is compared);",
        "  2. time to the target validation accuracy that holds (the first check at it after which every",
        "     later check of the run stays at it): ours (with --config, its whole run), MLlib l-bfgs;",
        "     the test set only once, on each run's final model;",
        "  2b. batches: the same for each batch size's recipe (bench.MnistRecipes: 512 to 4096, chosen on",
        "     the validation split), each beside its bound, steps × (compute + matched floor);",
        "  3. one partition's forward+backward GFLOP/s vs raw GEMM on the same shapes;",
        "  4. one step's cost broken down, against the matched floor (a θ broadcast and a named-class",
        "     job on the same cached data, the step's own way, no engine work), and two lambda jobs;",
        "  5. sparse (only with --sections sparse): text from --sparse-config (Debian's fortunes,",
        "     RegexTokenizer -> HashingTF(2^18) -> IDF, the train job's features): fit time and test",
        "     accuracy vs MLlib's multinomial LogisticRegression, MLlib's MLP tried in a child JVM,",
        "     our step cost at d = 2^14, 2^16, 2^18, and the heap during our fit;",
        "  6. costmodel: the step cost model's parameters measured on this master (job, task, shuffle",
        "     level, result and broadcast per MiB, driver merge), the engine's compute per row, the",
        "     model checked against section 1's steps, and projections for 8/32/128 executors on 10 GbE.",
        "jobs/benchmark.sh also runs two sections in processes of their own after this one (its",
        "--sections takes them too): pytorch (scripts/bench-pytorch.sh) and coldstart",
        "(scripts/bench-cold-start.py), and prints them beside section 2.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the benchmark ran (met or missed targets alike)", "1:it failed", "2:usage error"})
public final class Benchmark implements Callable<Integer> {
  private final BenchSettings s = new BenchSettings();

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "Spark master outside spark-submit (default: ${DEFAULT-VALUE}); under spark-submit, "
          + "as jobs/benchmark.sh runs it, spark-submit's master.")
  String master;

  @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/mnist.conf",
      description = "Our training config, in the train job's format (default: ${DEFAULT-VALUE}, the "
          + "default MNIST config): hidden layers, activation, optimizer, batch, η schedule, epochs "
          + "and seed; MLlib gets the same layer sizes and seed. The flags below override it.")
  Path config;

  @Option(names = "--data", paramLabel = "DIR",
      description = "MNIST IDX directory with the train and t10k pairs (default: the config's data).")
  String data;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/benchmark",
      description = "Where benchmark.json goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--batch-size", paramLabel = "B",
      description = "Our global batch size (default: the config's).")
  Integer batchSize;

  @Option(names = {"--lr", "--learning-rate"}, paramLabel = "ETA",
      description = "Our base learning rate η, the train job's --lr (default: the config's).")
  Double learningRate;

  @Option(names = "--warmup-steps", paramLabel = "N", description = "Our learning-rate warm-up (default: the config's).")
  Integer warmupSteps;

  @Option(names = "--lr-schedule", paramLabel = "NAME",
      description = "Our learning-rate schedule after the warm-up: constant, step or cosine over --max-epochs (default: the config's).")
  String lrSchedule;

  @Option(names = "--lr-step-size", paramLabel = "N", description = "Step schedule: multiply η by --lr-gamma every N steps after the warm-up.")
  Integer lrStepSize;

  @Option(names = "--lr-gamma", paramLabel = "G", description = "Step schedule's factor.")
  Double lrGamma;

  @Option(names = {"--passes", "--epochs"}, paramLabel = "N",
      description = "Full passes timed per trainer for throughput (default: 5).")
  Integer passes;

  @Option(names = "--warmup-passes", paramLabel = "N",
      description = "Untimed full passes before the timed ones, in every throughput configuration, ours and MLlib's (default: 10).")
  Integer warmupPasses;

  @Option(names = "--mllib-block-sizes", paramLabel = "LIST", split = ",",
      description = "MLlib's blockSize values swept for its gd throughput; the best is compared with (default: 128,512,2048).")
  int[] mllibBlockSizes;

  @Option(names = "--validation-fraction", paramLabel = "F",
      description = "Share of the training file held out as the validation split that time to accuracy checks on, the rows "
          + "the train job holds out with the config's seed; both trainers fit on the rest (default: the config's "
          + "validation-fraction, else 0.05).")
  Double validationFraction;

  @Option(names = "--max-epochs", paramLabel = "N", description = "Our epochs in time to accuracy: the schedule's length, all of which run (default: the config's).")
  Integer maxEpochs;

  @Option(names = "--check-every", paramLabel = "N",
      description = "Our steps between validation-accuracy checks in time to accuracy, besides each epoch's end; 0 = epoch ends only (default: 10).")
  Integer checkEvery;

  @Option(names = "--target-accuracy", paramLabel = "ACC", description = "Validation accuracy to reach and keep (default: 0.97).")
  Double targetAccuracy;

  @Option(names = "--mllib-max-seconds", paramLabel = "S",
      description = "Budget of MLlib's l-bfgs fit time, over all its probes, in time to accuracy; when it runs out the figure is a bound (default: 600).")
  Double mllibMaxSeconds;

  @Option(names = "--mllib-check-every", paramLabel = "N",
      description = "MLlib l-bfgs iterations between accuracy checks (default: 10).")
  Integer mllibCheckEvery;

  @Option(names = "--mllib-first-probe", paramLabel = "N",
      description = "MLlib's first checkpoint probed in time to accuracy (default: 100).")
  Integer mllibFirstProbe;

  @Option(names = "--mllib-hold-iterations", paramLabel = "N",
      description = "How far past its first holding checkpoint MLlib's l-bfgs is probed, to check that the accuracy holds (default: 20).")
  Integer mllibHoldIterations;

  @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the input (default: Spark's default parallelism).")
  Integer partitions;

  @Option(names = "--sections", paramLabel = "LIST", split = ",",
      description = "Sections to run, of kernels, throughput (with the step cost), tta, batches (these four on "
          + "MNIST), sparse (on text) and costmodel (default: kernels,throughput,tta,batches,costmodel).")
  java.util.Set<String> sections;

  @Option(names = "--sparse-config", paramLabel = "FILE", defaultValue = "conf/text.conf",
      description = "The sparse section's config, in the train job's format (default: ${DEFAULT-VALUE}): the text "
          + "data, test data and columns, the width d (text-features), and our layers, optimizer, batch, epochs, "
          + "precision and seed; MLlib gets the same features, layer sizes and seed.")
  Path sparseConfig;

  @Option(names = "--sparse-widths", paramLabel = "LIST", split = ",",
      description = "Widths d at which the sparse section compares our step cost (default: 16384,65536,262144).")
  int[] sparseWidths;

  @Option(names = "--sparse-step-epochs", paramLabel = "N",
      description = "Epochs of each step-cost run (default: 2; the first is warm-up); every width runs twice, ascending then descending, after the fits.")
  Integer sparseStepEpochs;

  @Option(names = "--lr-reg-params", paramLabel = "LIST", split = ",",
      description = "MLlib LogisticRegression's regParam candidates, chosen on a 10%% validation split of the "
          + "training rows; one value is used as it is (default: 0.0001,0.001,0.01).")
  double[] lrRegParams;

  @Option(names = "--lr-standardization", paramLabel = "BOOL", arity = "1",
      description = "MLlib LogisticRegression's standardization (default: true, MLlib's own).")
  Boolean lrStandardization;

  @Option(names = "--mllib-mlp-max-seconds", paramLabel = "S",
      description = "Bound of MLlib's MLP fit on text, in a child JVM (default: 300); then the child is stopped.")
  Double mllibMlpMaxSeconds;

  @Option(names = "--mllib-mlp-max-iter", paramLabel = "N",
      description = "MLlib MLP's l-bfgs maxIter on text (default: 100, MLlib's own).")
  Integer mllibMlpMaxIter;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of both trainers (default: the config's).")
  Long seed;

  @Option(names = "--skip-mllib", description = "Measure sparkmlp only (in the sparse section too: no LR, no MLP).")
  boolean skipMllib;

  @Option(names = "--scaling", description = "Only our float32 throughput and the step cost (for scripts/bench-scaling.sh).")
  boolean scaling;

  @Option(names = "--quick", description = "A short smoke run of the MNIST sections (1 warm-up and 2 timed passes, MLlib blockSize 128 and 512, small kernel batch, 20 s MLlib budget); the sparse section is unchanged.")
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
    return JobCli.execute(new CommandLine(job), "benchmark", () -> job.verbose, args, out, err);
  }

  @Override
  public Integer call() throws Exception {
    BenchSettings settings = settings();
    boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = JobCli.session("sparkmlp-benchmark", master);
    // where packed data with a heavy lineage (the text features') is checkpointed, as the train job does
    java.nio.file.Path packedDir = out.resolve(".packed-data");
    boolean ownCheckpoints = own && spark.sparkContext().getCheckpointDir().isEmpty();
    if (ownCheckpoints) {
      spark.sparkContext().setCheckpointDir(packedDir.toAbsolutePath().toUri().toString());
    }
    try {
      BenchmarkRun.run(spark, settings, out, stdout);
    } finally {
      if (ownCheckpoints) {
        io.sparkmlp.run.OutputDir.deleteTree(packedDir);
      }
      if (own) {
        spark.stop();
      }
    }
    return 0;
  }

  private BenchSettings settings() {
    TrainSpec spec = TrainSpec.of(TrainSpec.merge(ConfigFile.read(config), Map.of()), LocalDateTime.now());
    TrainConfig c = spec.train();
    if (batchSize != null) c.set(BATCH_SIZE, batchSize);
    if (learningRate != null) c.set(LEARNING_RATE, learningRate);
    if (warmupSteps != null) c.set(WARMUP_STEPS, warmupSteps);
    if (lrSchedule != null) c.set(LR_SCHEDULE, lrSchedule);
    if (lrStepSize != null) c.set(LR_STEP_SIZE, lrStepSize);
    if (lrGamma != null) c.set(LR_GAMMA, lrGamma);
    if (seed != null) c.set(SEED, seed);
    if (maxEpochs != null) c.set(MAX_EPOCHS, maxEpochs);
    s.ours = c;
    s.oursSource = config.toString();
    s.data = data != null ? data : spec.data();
    if (quick) {
      s.quick();
    }
    if (checkEvery != null) s.checkEvery = checkEvery;
    if (passes != null) s.passes = passes;
    if (targetAccuracy != null) s.targetAccuracy = targetAccuracy;
    if (mllibMaxSeconds != null) s.mllibMaxSeconds = mllibMaxSeconds;
    if (mllibCheckEvery != null) s.mllibCheckEvery = mllibCheckEvery;
    if (mllibFirstProbe != null) s.mllibFirstProbe = mllibFirstProbe;
    if (mllibHoldIterations != null) s.mllibHoldIterations = mllibHoldIterations;
    if (warmupPasses != null) s.warmupPasses = warmupPasses;
    if (mllibBlockSizes != null) s.mllibBlockSizes = mllibBlockSizes.clone();
    if (validationFraction != null) {
      s.validationFraction = validationFraction;
    } else if (c.get(VALIDATION_FRACTION) > 0) {
      s.validationFraction = c.get(VALIDATION_FRACTION);
    }
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
    if (s.sections.contains("sparse")) {
      sparse();
    }
    return s;
  }

  /** The sparse section's settings: its config file, the widths and MLlib's bounds; the train job's featurizer. */
  private void sparse() {
    TrainSpec spec = TrainSpec.of(TrainSpec.merge(ConfigFile.read(sparseConfig), Map.of()), LocalDateTime.now());
    TrainConfig c = spec.train();
    if (seed != null) c.set(SEED, seed);
    s.sparseOurs = c;
    s.sparseSource = sparseConfig.toString();
    s.textData = spec.data();
    if (spec.testData() == null) {
      throw new IllegalArgumentException("--sparse-config " + sparseConfig + ": expected test-data (a labelled"
          + " text CSV), found none");
    }
    s.textTestData = spec.testData();
    s.textLabelCol = spec.labelCol();
    s.textCol = spec.textCol();
    s.textFeatures = spec.textFeatures();
    if (sparseWidths != null) s.sparseWidths = sparseWidths.clone();
    if (sparseStepEpochs != null) s.sparseStepEpochs = sparseStepEpochs;
    if (lrRegParams != null) s.lrRegParams = lrRegParams.clone();
    if (lrStandardization != null) s.lrStandardization = lrStandardization;
    if (mllibMlpMaxSeconds != null) s.mllibMlpMaxSeconds = mllibMlpMaxSeconds;
    if (mllibMlpMaxIter != null) s.mllibMlpMaxIter = mllibMlpMaxIter;
    s.featurizer = TextFeatures::fit;
  }
}
