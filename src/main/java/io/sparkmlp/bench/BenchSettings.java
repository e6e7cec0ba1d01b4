package io.sparkmlp.bench;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.train.TrainConfig;

/**
 * Every knob of one benchmark run, with its default, in one place. {@link #quick()} turns a
 * full run into a smoke run of the same sections (for the test suite): a few passes, a small
 * kernel batch, a short MLlib budget. Mutable, filled by the job's flags.
 */
public final class BenchSettings {
  /** MNIST (IDX) directory holding the train and t10k pairs. */
  public String data = "data/mnist";
  /** Partitions of the cached input; 0 = Spark's default parallelism (one per core). */
  public int partitions = 0;
  /**
   * Our training config: hidden layers, batch size, optimizer, η schedule, epochs and seed, as
   * the job read them from its config file (conf/mnist.conf by default). The precision is set
   * per section. MLlib gets the same layer sizes and seed.
   */
  public TrainConfig ours = new TrainConfig();
  /** Where {@link #ours} came from, for the report. */
  public String oursSource = "TrainConfig defaults";
  /** A second, larger batch at which our throughput is also measured, for reference; 0 = none. */
  public int referenceBatch = 4096;
  /** Full passes timed per trainer for throughput (the median is reported). */
  public int passes = 5;
  /**
   * Untimed full passes before the timed ones, in every throughput configuration, ours and
   * MLlib's alike, so that none is timed in a colder JVM than another. Ten, because our step keeps
   * getting cheaper for that long in a fresh JVM (why is not pinned down; with the directives of
   * conf/jit-directives.json it climbs too): in one fresh 24-epoch jobs/train.sh (MNIST, float32, B=1024), 28k-46k samples/s over epochs 1-4, 38k-54k
   * over epochs 5-12 and 52k-58k over 13-24. MLlib's gd gets the same.
   */
  public int warmupPasses = 10;
  /** MLlib's blockSize candidates for its gd throughput; the best is the one compared with. */
  public int[] mllibBlockSizes = {128, 512, 2048};
  /**
   * Fraction of the training rows held out as the validation split, the rows the train job holds
   * out with the same fraction and seed (the job sets the config's validation-fraction when it has
   * one): time-to-accuracy checks and any choice use it; the rest is what both trainers fit on;
   * the test set is evaluated once per trainer, at the end.
   */
  public double validationFraction = 0.05;
  /** Our steps between two validation-accuracy checks in time to accuracy (0 = at epoch ends only). */
  public int checkEvery = 10;
  /** The validation accuracy that time to accuracy waits for, and that every later check must keep. */
  public double targetAccuracy = 0.97;
  /** Budget of MLlib's L-BFGS fit time in time to accuracy; beyond it the figure is a bound. */
  public double mllibMaxSeconds = 600;
  /** MLlib L-BFGS iterations between two validation-accuracy checks. */
  public int mllibCheckEvery = 10;
  /** The checkpoint MLlib's time to accuracy probes first (100: where it reached 97% in an earlier measurement). */
  public int mllibFirstProbe = 100;
  /**
   * How far past its first holding checkpoint MLlib's L-BFGS is probed to check that accuracy
   * holds (iterations; its run ends there).
   */
  public int mllibHoldIterations = 20;
  public boolean skipMllib = false;
  /**
   * Which sections run: any of kernels, throughput, tta (on MNIST; the step cost comes with
   * throughput) and sparse (on text); by default the three MNIST ones.
   */
  public java.util.Set<String> sections = new java.util.TreeSet<>(DEFAULT_SECTIONS);
  public static final java.util.Set<String> SECTIONS = java.util.Set.of("kernels", "throughput", "tta", "batches",
      "sparse", "costmodel");
  public static final java.util.Set<String> DEFAULT_SECTIONS = java.util.Set.of("kernels", "throughput", "tta",
      "batches", "costmodel");
  /** The sections on MNIST (they share one cached IDX input). */
  public static final java.util.Set<String> MNIST_SECTIONS = java.util.Set.of("kernels", "throughput", "tta",
      "batches");

  // The sparse section: text → the train job's features → ours, MLlib's LR and MLP.
  /** Our config on text (conf/text.conf by default): layers, optimizer, batch, epochs, precision, seed. */
  public TrainConfig sparseOurs = new TrainConfig();
  /** Where {@link #sparseOurs} came from, for the report. */
  public String sparseSource = "TrainConfig defaults";
  /** Labelled text CSVs (a label and a text column), training and test. */
  public String textData = "data/fortunes/train.csv";
  public String textTestData = "data/fortunes/test.csv";
  public String textLabelCol = "label";
  public String textCol = "text";
  /** The width d (HashingTF's numFeatures) of our fit and of MLlib's. */
  public int textFeatures = 1 << 18;
  /** The widths d at which our step cost is compared, on the same texts. */
  public int[] sparseWidths = {1 << 14, 1 << 16, 1 << 18};
  /** Epochs of each step-cost run at a width other than {@link #textFeatures} (the medians skip the first). */
  public int sparseStepEpochs = 2;
  /** MLlib LR's regParam candidates, chosen on a 10% validation split when more than one. */
  public double[] lrRegParams = {1e-4, 1e-3, 1e-2};
  /** MLlib LR's standardization (its default, true: the fit scales each feature to unit variance). */
  public boolean lrStandardization = true;
  /** MLlib LR's maxIter (its default, 100). */
  public int lrMaxIter = 100;
  /** MLlib MLP's maxIter on text (its default, 100). */
  public int mllibMlpMaxIter = 100;
  /** Wall-clock bound of MLlib's MLP fit on text (in a child JVM); beyond it the child is stopped. */
  public double mllibMlpMaxSeconds = 300;
  /** How text becomes features: the train job's stages, set by the benchmark job. */
  public TextFeaturizer featurizer;
  /** Only our float32 throughput and the step cost (for the standalone-cluster scaling table). */
  public boolean scaling = false;
  /** Rows of the kernel benchmark's batch. */
  public int kernelBatch = 1024;
  public int kernelReps = 21;
  public int kernelWarmup = 5;
  /** Timed empty jobs and matched-floor jobs, each (after as many warm-up jobs). */
  public int emptyJobReps = 41;
  public boolean quick = false;

  /** Our global batch size for throughput, step cost and time to accuracy. */
  public int batchSize() { return ours.get(BATCH_SIZE); }

  public long seed() { return ours.get(SEED); }

  /**
   * Shrinks the run to a smoke test of every section; keeps what the caller set for data. Call
   * it after {@link #ours} is set.
   */
  public BenchSettings quick() {
    quick = true;
    passes = 2;
    ours.set(MAX_EPOCHS, Math.min(ours.get(MAX_EPOCHS), 3));
    mllibMaxSeconds = Math.min(mllibMaxSeconds, 20);
    mllibCheckEvery = 2;
    mllibFirstProbe = 4;
    mllibHoldIterations = 2;
    warmupPasses = 1;
    mllibBlockSizes = new int[] {128, 512};
    kernelBatch = 64;
    referenceBatch = 256;
    kernelReps = 3;
    kernelWarmup = 1;
    emptyJobReps = 5;
    return this;
  }
}
