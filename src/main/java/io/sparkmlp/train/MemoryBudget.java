package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Precision;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * An estimate, made before anything is allocated, of the memory a run needs on the driver and
 * on each executor, so that a model too large fails at once with the figures and the setting
 * to change, instead of ending hours later in an OutOfMemoryError.
 *
 * <p>Driver: θ, the normalized gradient and the optimizer's state in float64, θ again for the
 * broadcast in the engine's precision, the partition sums it collects, and a best-θ copy with
 * early stopping. Executor, per task slot: a gradient accumulator and the working buffers of
 * one block of rows; per executor: the broadcast θ. In local mode the driver JVM is also the executor.
 * The estimate leaves out the cached data, which Spark may spill to disk.
 */
public final class MemoryBudget {
  /** The share of the heap the estimate may take; the rest is Spark's and the JVM's. */
  static final double USABLE = 0.7;

  private MemoryBudget() {}

  /**
   * Throws IllegalArgumentException when the run cannot fit; otherwise returns a one-line summary.
   * With {@code data} (the packed training set, or null when not packed yet) the summary also gives
   * the cached data's size, and a CSR layout drops the block's dense X buffer (block × d) from each
   * task's working memory: on the sparse path nothing scales with rows × d or block × d.
   */
  public static String check(Architecture arch, TrainConfig cfg, int partitions, SparkConf conf,
      long driverHeap, PackedData<?> data) {
    long p = arch.numParams();
    int bytes = Precision.fromName(cfg.get(PRECISION)).bytes();
    int optimizerArrays = switch (cfg.get(OPTIMIZER)) {
      case "adam", "adamw", "lazy_adam" -> 2;
      case "momentum", "nesterov", "lazy_momentum" -> 1;
      default -> 0;
    };
    long driver = p * 8L * (2 + optimizerArrays + (cfg.get(EARLY_STOPPING_PATIENCE) > 0 ? 1 : 0))
        + p * bytes * (1L + Math.min(partitions, 64));
    int blockSize = Math.min(cfg.get(BLOCK_SIZE), cfg.get(BATCH_SIZE));
    long widths = 0;
    for (int l = 1; l <= arch.numLayers(); l++) {
      widths += arch.size(l);
    }
    boolean sparse = data != null && data.layout() == Packer.Layout.CSR;
    // A task's gradient accumulator and its block's buffers: X (block × d) dense, or the block's
    // share of the nonzeros (values and column indices) in CSR.
    long input = sparse ? (long) Math.ceil(blockSize * data.density() * arch.inputSize()) * (bytes + 4)
        : (long) blockSize * bytes * arch.inputSize();
    long perTask = p * bytes + (long) blockSize * bytes * 4 * widths + input;
    String master = conf.get("spark.master", "local[*]");
    boolean local = master.startsWith("local");
    int slots = local ? localSlots(master) : conf.getInt("spark.executor.cores", 1);
    long executor = p * bytes + slots * perTask;
    String params = String.format(Locale.ROOT, "%,d parameters (%s, %s)", p, arch, cfg.get(PRECISION));
    if (local) {
      require(driver + executor, driverHeap, "the driver JVM (local mode runs the executors in it too)",
          "spark.driver.memory (jobs/*.sh --driver-memory, or SPARKMLP_DRIVER_MEMORY)", params);
    } else {
      require(driver, driverHeap, "the driver", "spark.driver.memory (jobs/*.sh --driver-memory)", params);
      long executorHeap = conf.getSizeAsBytes("spark.executor.memory", "1g");
      require(executor, executorHeap, "each executor (" + slots + " task slot(s))",
          "spark.executor.memory (jobs/*.sh --executor-memory), or fewer spark.executor.cores", params);
    }
    String cached = data == null ? "" : String.format(Locale.ROOT, "; cached data %s (%s, %,d values;"
        + " Spark spills to disk what its storage memory cannot hold)", gib(cachedBytes(data, bytes)),
        sparse ? "CSR" : "dense", data.storedValues());
    return String.format(Locale.ROOT, "memory estimate for %s: driver %s, each executor %s%s",
        params, gib(local ? driver + executor : driver), gib(executor), cached);
  }

  /** X as stored (dense values, or CSR values, column indices and row offsets) plus labels or targets. */
  static long cachedBytes(PackedData<?> data, int bytes) {
    long x = data.layout() == Packer.Layout.CSR
        ? data.storedValues() * (bytes + 4L) + 4L * (data.numRows() + data.numPartitions())
        : data.storedValues() * bytes;
    return x + data.numRows() * (long) Math.max(4, data.numOutputs() * bytes);
  }

  private static void require(long need, long heap, String where, String setting, String params) {
    if (need > USABLE * heap) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the model is too large for %s: %s need about %s there, but its heap is %s (of which "
          + "about %.0f%% is usable for training). Raise %s to at least %s, or use a smaller model,"
          + " float32, or a smaller batch.", where, params, gib(need), gib(heap), USABLE * 100,
          setting, gib((long) Math.ceil(need / USABLE))));
    }
  }

  private static int localSlots(String master) {
    String inside = master.replaceAll("^local(-cluster)?\\[?", "").replaceAll("[],].*$", "");
    if (inside.isEmpty() || inside.equals("*")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      return Integer.parseInt(inside);
    } catch (NumberFormatException e) {
      return Runtime.getRuntime().availableProcessors();
    }
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
  }
}
