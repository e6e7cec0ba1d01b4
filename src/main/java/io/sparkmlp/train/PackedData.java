package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Precision;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;

/**
 * A data set packed per partition ({@link PackedPartition}) and cached, plus what the driver
 * knows of it: each partition's row count and so the global position of its first row.
 * Global positions follow the input's row order, whatever the partitioning.
 *
 * @param <A> {@code double[]} or {@code float[]}, as {@link #kernels()} says
 */
public final class PackedData<A> {
  private final JavaRDD<PackedPartition<A>> rdd;
  private final Kernels<A> kernels;
  private final long[] starts;
  private final int[] counts;
  private final int numFeatures;
  private final int numOutputs;
  private final int maxLabel;
  private final Packer.Layout layout;
  private final long storedValues;
  private final boolean weighted;
  private final double weightSum;
  private CachedBlocks<PackedPartition<A>> blocks;

  /** @param weightSum Σ w over all rows of a weighted set, in partition order; ignored when unweighted */
  PackedData(JavaRDD<PackedPartition<A>> rdd, Kernels<A> kernels, int[] counts, int numFeatures,
      int numOutputs, int maxLabel, Packer.Layout layout, long storedValues, boolean weighted,
      double weightSum) {
    this.weighted = weighted;
    this.layout = layout;
    this.storedValues = storedValues;
    this.rdd = rdd;
    this.kernels = kernels;
    this.counts = counts.clone();
    this.starts = new long[counts.length + 1];
    for (int i = 0; i < counts.length; i++) {
      starts[i + 1] = starts[i] + counts[i];
    }
    this.numFeatures = numFeatures;
    this.numOutputs = numOutputs;
    this.maxLabel = maxLabel;
    this.weightSum = weighted ? weightSum : numRows();
  }

  public JavaRDD<PackedPartition<A>> rdd() { return rdd; }

  /**
   * What the next job of a training step (or of a validation) reads: the cached partitions by block id, without the
   * lineage in every task ({@link CachedBlocks}), each task placed where its block lives now (one
   * request to the block manager master); or, when some block is cached nowhere, the cached RDD
   * itself, whose lineage recomputes it (and an RDD that is not persisted, itself). Call on the
   * driver, once per job.
   */
  public synchronized RDD<PackedPartition<A>> stepInput() {
    if (!rdd.getStorageLevel().isValid()) {
      return rdd.rdd(); // not cached (a caller's own RDD): nothing to read by block id
    }
    if (blocks == null) {
      blocks = new CachedBlocks<>(rdd.rdd());
    }
    return blocks.refreshLocations() ? blocks : rdd.rdd();
  }

  /**
   * {@code job} over {@link #stepInput()}; when a block was lost while it ran (the job fails with
   * {@link CachedBlocks.MissingBlockException}), {@code job} again over the cached RDD, whose
   * lineage recomputes the block. Every other failure is thrown as it is.
   */
  public <R> R withInput(java.util.function.Function<RDD<PackedPartition<A>>, R> job) {
    RDD<PackedPartition<A>> in = stepInput();
    try {
      return job.apply(in);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      if (in == rdd.rdd() || !CachedBlocks.isMissingBlock(e)) {
        throw PackedData.<RuntimeException>rethrow(e);
      }
      org.slf4j.LoggerFactory.getLogger(PackedData.class).warn("a cached partition was lost during a job;"
          + " running it again over the data's lineage, which recomputes it");
      return job.apply(rdd.rdd());
    }
  }

  /** Throws {@code e} as it is, checked or not (Spark's SparkException is checked, but undeclared). */
  @SuppressWarnings("unchecked")
  private static <E extends Exception> E rethrow(Exception e) throws E {
    throw (E) e;
  }

  /** How X is stored: dense, or CSR for sparse input. */
  public Packer.Layout layout() { return layout; }
  /** Feature values stored over all partitions: rows × d dense, the nonzeros in CSR. */
  public long storedValues() { return storedValues; }
  /** Stored values over rows × d: 1 for dense, the nonzero fraction for CSR. */
  public double density() {
    return numRows() == 0 || numFeatures <= 0 ? 1.0 : storedValues / ((double) numRows() * numFeatures);
  }
  /** The kernels of the partitions' arrays: the engine's precision, as a type. */
  public Kernels<A> kernels() { return kernels; }
  public Precision precision() { return kernels.precision(); }
  public int numPartitions() { return counts.length; }
  public long numRows() { return starts[counts.length]; }
  public int numFeatures() { return numFeatures; }
  /** Target width: 1 for class ids, else the regression output count. */
  public int numOutputs() { return numOutputs; }
  /** The largest class id in the data, or −1 for regression or an empty set. */
  public int maxLabel() { return maxLabel; }
  /** True when every row carries a sample weight ({@link PackedPartition#weights}). */
  public boolean weighted() { return weighted; }
  /** Σ w over all rows: the row count when unweighted. */
  public double weightSum() { return weightSum; }
  /** Global position of partition p's first row; {@code starts()[P]} is the row count. */
  public long[] starts() { return starts.clone(); }
  public int[] counts() { return counts.clone(); }

  /** Drops the cached blocks, and the checkpoint files of a checkpointed one ({@link Packer}). */
  public void unpersist() {
    synchronized (this) {
      blocks = null;
    }
    rdd.unpersist(false);
    scala.Option<String> file = rdd.rdd().getCheckpointFile();
    if (file.isDefined()) {
      org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.get());
      try {
        path.getFileSystem(rdd.context().hadoopConfiguration()).delete(path, true);
      } catch (java.io.IOException e) {
        org.slf4j.LoggerFactory.getLogger(PackedData.class).warn("could not delete {}: {}", path, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return numRows() + " rows × " + numFeatures + " features" + (layout == Packer.Layout.CSR
        ? String.format(java.util.Locale.ROOT, " (CSR, %,d nonzeros)", storedValues) : "") + " in " + counts.length
        + " partitions " + Arrays.toString(counts) + " (" + kernels.precision().id() + ")"
        + (weighted ? String.format(java.util.Locale.ROOT, ", weighted (Σw %.6g)", weightSum) : "");
  }
}
