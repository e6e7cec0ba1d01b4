package io.sparkmlp.jobs.bench;

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
  /** Our global batch size for throughput, step cost and time to accuracy. */
  public int batchSize = OurMnistConfig.BATCH_SIZE;
  /** Our base learning rate (Adam) for time to accuracy and throughput. */
  public double learningRate = OurMnistConfig.LEARNING_RATE;
  /** Our linear learning-rate warm-up, in steps. */
  public long warmupSteps = OurMnistConfig.WARMUP_STEPS;
  /** Full passes timed per trainer for throughput (the median is reported). */
  public int passes = 5;
  /** Our epochs at most before time to accuracy gives up. */
  public int maxEpochs = 30;
  /** The test accuracy that time to accuracy waits for. */
  public double targetAccuracy = 0.97;
  /** Budget of MLlib's L-BFGS fit time in time to accuracy; beyond it the figure is a lower bound. */
  public double mllibMaxSeconds = 600;
  /** MLlib L-BFGS iterations between two test-accuracy checks. */
  public int mllibCheckEvery = 10;
  public boolean skipMllib = false;
  /** Which sections run: any of kernels, throughput, tta (the step cost comes with throughput). */
  public java.util.Set<String> sections = new java.util.TreeSet<>(SECTIONS);
  public static final java.util.Set<String> SECTIONS = java.util.Set.of("kernels", "throughput", "tta");
  /** Only our float32 throughput and the step cost (for the standalone-cluster scaling table). */
  public boolean scaling = false;
  /** Rows of the kernel benchmark's batch. */
  public int kernelBatch = 1024;
  public int kernelReps = 21;
  public int kernelWarmup = 5;
  /** Timed empty jobs (after as many warm-up jobs). */
  public int emptyJobReps = 41;
  public long seed = 42L;
  public boolean quick = false;

  /** Shrinks the run to a smoke test of every section; keeps what the caller set for data. */
  public BenchSettings quick() {
    quick = true;
    passes = 2;
    maxEpochs = 3;
    mllibMaxSeconds = Math.min(mllibMaxSeconds, 20);
    mllibCheckEvery = 2;
    kernelBatch = 64;
    kernelReps = 3;
    kernelWarmup = 1;
    emptyJobReps = 5;
    return this;
  }
}
