package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.DataLoader;
import io.sparkmlp.data.DataOptions;
import io.sparkmlp.data.LabeledFrames;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.FitPlan;
import io.sparkmlp.train.PackedData;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import io.sparkmlp.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Chooses MNIST recipes per batch size on the validation hold-out only: many fits in one JVM and
 * one SparkSession, on MNIST loaded and packed once, exactly as {@code jobs/train.sh} with
 * {@code conf/mnist.conf} loads it (IDX pixels / 255, no standardize, 2 partitions in input order,
 * float32) and with the Trainer holding out the same 5% (seed 42). The t10k test pair is never
 * read. Each fit validates every 10 steps and at each epoch end, as the train job's
 * validate-every does; for each recipe, and each run length E from --report-from to its epochs
 * (a shorter run is a prefix of the longer one, see {@link Recipe}), one line: the steps to
 * 97% validation accuracy that holds (the first check at ≥ 97% after which every later check of
 * that run stays ≥ 97%), the first touch, the final and best validation accuracy, the last
 * epoch's train loss, and the estimated time steps × (compute(B) + floor).
 *
 * <pre>
 * scripts/setup.sh   # builds target/sparkmlp-0.1.0.jar
 * scripts/spark-submit --master 'local[2]' --class io.sparkmlp.bench.RecipeSweep target/sparkmlp-0.1.0.jar \
 *   --batch 1024 --lr 0.02,0.03 --warmup 40 --step-size 70,112 --gamma 0.3,0.5 --epochs 12 --report-from 6
 * </pre>
 */
public final class RecipeSweep {
  private RecipeSweep() {}

  static final String USAGE = String.join("\n",
      "Usage: RecipeSweep [--data DIR] [--recipe B:lr:warmup:stepSize:gamma:epochs]... ",
      "                   [--batch LIST --lr LIST --warmup LIST --step-size LIST --gamma LIST --epochs N]",
      "                   [--report-from E] [--target F] [--final F] [--compute-ms MS] [--floor-ms MS] [--out FILE]",
      "",
      "Fits each recipe on MNIST's training rows minus conf/mnist.conf's validation hold-out (5%, seed 42),",
      "784-300-100-10 relu, Adam, step decay after a linear warm-up, float32, 2 partitions, validating",
      "every 10 steps and at each epoch end; never reads the test set. Prints one line per recipe and run",
      "length E (from --report-from, default the recipe's epochs, to its epochs; a shorter run is a prefix).",
      "",
      "  --data DIR          the IDX directory (default data/mnist)",
      "  --recipe SPEC       one recipe, B:lr:warmup:stepSize:gamma:epochs (repeatable), e.g. 1024:0.02:40:70:0.3:6",
      "  --batch, --lr, --warmup, --step-size, --gamma LIST   comma-separated values; their product is swept",
      "  --epochs N          epochs of each grid recipe (default 6)",
      "  --step-size-epochs  read --step-size as epochs (a fraction allowed), rounded to steps for each B",
      "  --report-from E     also print the runs of E..epochs epochs (default: the full run only)",
      "  --target F          the accuracy that must hold (default 0.97)",
      "  --final F           the accuracy the run must end at (default 0.98)",
      "  --compute-ms MS     executor compute per step at B=1024, scaled linearly in B (default 12)",
      "  --floor-ms MS       per-step Spark floor (default 25)",
      "  --seed N            the seed of the weights, the batch order and the hold-out (default 42, the conf's)",
      "  --out FILE          also append each line, tab-separated, to FILE",
      "",
      "Columns: the recipe; steps/epoch; hold97 = steps to the target that holds (- if none); touch =",
      "first check at the target; final and max validation accuracy; the last epoch's train loss;",
      "est_s = hold97 × (compute-ms·B/1024 + floor-ms) / 1000; ok = ends at >= --final; fit_s = wall",
      "seconds of the whole fit (noisy on a shared machine); val = validation accuracy at each epoch end.");

  public static void main(String[] args) throws IOException {
    Args a = Args.parse(args);
    if (a == null) {
      System.out.println(USAGE);
      return;
    }
    SparkSession.Builder b = SparkSession.builder().appName("sparkmlp-recipe-sweep");
    if (System.getProperty("spark.master") == null) {
      b.master("local[2]").config("spark.ui.enabled", "false");
    }
    SparkSession spark = b.getOrCreate();
    try {
      run(spark, a, new PrintWriter(System.out, true, StandardCharsets.UTF_8));
    } finally {
      spark.stop();
    }
  }

  /**
   * conf/mnist.conf's settings that no recipe changes (the recipe's are set by {@link Recipe#applyTo});
   * unset keys keep their defaults, as in the train job.
   */
  static TrainConfig baseConfig() {
    return new TrainConfig().set(HIDDEN_LAYERS, new int[] {300, 100}).set(ACTIVATION, "relu")
        .set(LOSS, "cross_entropy").set(OPTIMIZER, "adam").set(SEED, 42L).set(PRECISION, "float32")
        .set(NUM_PARTITIONS, 2).set(VALIDATION_FRACTION, 0.05).set(EARLY_STOPPING_PATIENCE, 0)
        .set(VALIDATE_EVERY_STEPS, 10);
  }

  static void run(SparkSession spark, Args a, PrintWriter out) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TrainConfig base = baseConfig().set(SEED, a.seed);
    int partitions = base.get(NUM_PARTITIONS);
    // as TrainData loads and packs --data for this conf: IDX (pixels / 255), no scaler, no weights
    Dataset<Row> frame = DataLoader.load(spark, a.data, new DataOptions().format(DataFormat.IDX)
        .numPartitions(partitions));
    PackedData<float[]> train = Packer.pack(frame, LabeledFrames.FEATURES, LabeledFrames.LABEL, null,
        Packer.Task.CLASSIFICATION, Kernels.F32, partitions, "training data " + a.data, null);
    long valRows = Trainer.heldOutPositions(train.numRows(), base.get(VALIDATION_FRACTION), base.get(SEED)).length;
    out.printf(Locale.ROOT, "# %s: %,d rows, %,d held out for validation (fraction %s, seed %d); "
        + "target %s holding, final >= %s; est = hold × (%s ms × B/1024 + %s ms)%n", a.data, train.numRows(),
        valRows, base.get(VALIDATION_FRACTION), base.get(SEED), a.target, a.fin, a.computeMs, a.floorMs);
    out.println(header());
    appendLine(a.out, header().replace(" | ", "\t").trim());
    try {
      for (Recipe r : a.recipes(train.numRows() - valRows)) {
        ValidationTrace trace = new ValidationTrace(valRows);
        TrainConfig cfg = r.applyTo(base);
        FitPlan plan = FitPlan.of(jsc, train, 10, false, cfg, Loss.fromName(cfg.get(LOSS)));
        long t0 = System.nanoTime();
        plan.trainer(jsc, train, null, cfg, null, trace).fit();
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        for (int e = Math.max(1, Math.min(a.reportFrom, r.epochs())); e <= r.epochs(); e++) {
          String line = line(r.withEpochs(e), trace, e, a, fitSeconds);
          out.println(line);
          appendLine(a.out, line.replace(" | ", "\t").trim());
        }
      }
    } finally {
      train.unpersist();
    }
  }

  static String header() {
    return String.format(Locale.ROOT, "%-26s | %5s | %5s | %5s | %6s | %6s | %6s | %6s | %2s | %5s | %s",
        "recipe", "steps", "hold", "touch", "final", "max", "loss", "est_s", "ok", "fit_s", "val");
  }

  private static String line(Recipe r, ValidationTrace t, int e, Args a, double fitSeconds) {
    long hold = t.holdingStep(e, a.target);
    double perStepMs = a.computeMs * r.batch() / 1024.0 + a.floorMs;
    StringBuilder val = new StringBuilder();
    for (int i = 1; i <= e; i++) {
      val.append(i == 1 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", 100 * t.epochAccuracy(i)));
    }
    return String.format(Locale.ROOT, "%-26s | %5d | %5s | %5s | %6.2f | %6.2f | %6.4f | %6s | %2s | %5.1f | %s",
        r, t.stepsPerEpoch(), hold < 0 ? "-" : Long.toString(hold),
        t.firstTouch(e, a.target) < 0 ? "-" : Long.toString(t.firstTouch(e, a.target)),
        100 * t.epochAccuracy(e), 100 * t.maxAccuracy(e), t.epochTrainLoss(e),
        hold < 0 ? "-" : String.format(Locale.ROOT, "%.2f", hold * perStepMs / 1000),
        t.endsAtLeast(e, a.fin) ? "y" : "n", fitSeconds, val);
  }

  private static void appendLine(Path file, String line) throws IOException {
    if (file != null) {
      Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** The command line; {@link #parse} returns null for --help. */
  static final class Args {
    String data = "data/mnist";
    final List<Recipe> given = new ArrayList<>();
    List<Integer> batches = List.of();
    List<Double> lrs = List.of();
    List<Integer> warmups = List.of();
    List<Double> stepSizes = List.of();
    List<Double> gammas = List.of();
    int epochs = 6;
    boolean stepSizeInEpochs;
    int reportFrom = Integer.MAX_VALUE;
    double target = 0.97;
    double fin = 0.98;
    double computeMs = 12;
    double floorMs = 25;
    long seed = 42;
    Path out;

    static Args parse(String[] args) {
      Args a = new Args();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          return null;
        }
        if (flag.equals("--step-size-epochs")) {
          a.stepSizeInEpochs = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + ": expected a value after it\n" + USAGE);
        }
        String v = args[++i];
        switch (flag) {
          case "--data" -> a.data = v;
          case "--recipe" -> a.given.add(Recipe.parse(v));
          case "--batch" -> a.batches = split(v).stream().map(Integer::parseInt).toList();
          case "--lr" -> a.lrs = split(v).stream().map(Double::parseDouble).toList();
          case "--warmup" -> a.warmups = split(v).stream().map(Integer::parseInt).toList();
          case "--step-size" -> a.stepSizes = split(v).stream().map(Double::parseDouble).toList();
          case "--gamma" -> a.gammas = split(v).stream().map(Double::parseDouble).toList();
          case "--epochs" -> a.epochs = Integer.parseInt(v);
          case "--report-from" -> a.reportFrom = Integer.parseInt(v);
          case "--target" -> a.target = Double.parseDouble(v);
          case "--final" -> a.fin = Double.parseDouble(v);
          case "--compute-ms" -> a.computeMs = Double.parseDouble(v);
          case "--floor-ms" -> a.floorMs = Double.parseDouble(v);
          case "--seed" -> a.seed = Long.parseLong(v);
          case "--out" -> a.out = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
        }
      }
      if (a.given.isEmpty() && a.batches.isEmpty()) {
        throw new IllegalArgumentException("no recipe: give --recipe, or --batch with --lr, --warmup,"
            + " --step-size and --gamma\n" + USAGE);
      }
      return a;
    }

    private static List<String> split(String v) {
      return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The --recipe ones, then the grid's product in the order batch, lr, warmup, step size, gamma.
     *
     * @param trainingRows the rows trained on (without the hold-out), for --step-size-epochs
     */
    List<Recipe> recipes(long trainingRows) {
      List<Recipe> all = new ArrayList<>(given);
      if (batches.isEmpty()) {
        return all;
      }
      if (lrs.isEmpty() || warmups.isEmpty() || stepSizes.isEmpty() || gammas.isEmpty()) {
        throw new IllegalArgumentException("--batch needs --lr, --warmup, --step-size and --gamma too");
      }
      for (int b : batches) {
        long stepsPerEpoch = (trainingRows + b - 1) / b; // BatchPlan's: the last batch may be short
        for (double lr : lrs) {
          for (int w : warmups) {
            for (double s : stepSizes) {
              int steps = stepSizeInEpochs ? (int) Math.max(1, Math.round(s * stepsPerEpoch)) : (int) s;
              for (double g : gammas) {
                all.add(new Recipe(b, lr, w, steps, g, epochs));
              }
            }
          }
        }
      }
      return all;
    }
  }
}
