package io.sparkmlp.train;

import io.sparkmlp.data.OrderedPartitions;
import io.sparkmlp.nn.Kernels;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Packs a DataFrame's (features, label) rows once per partition into {@link PackedPartition}s
 * of the engine's precision, caches them ({@code MEMORY_AND_DISK}) and materializes them, so
 * that no training step converts a Row or a Vector again.
 *
 * <p>X is packed dense, or as CSR when the input is sparse ({@link Layout}, chosen once per
 * fit from the measured density); the rows themselves are packed by {@link RowPacker}. Every row
 * is checked while packing: features finite and of one length, labels finite, and for
 * classification whole numbers ≥ 0. A bad row fails with its global position (0-based, in the
 * input's order) and what is wrong with it, naming the feature index for a bad value.
 */
public final class Packer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Packer.class);

  private Packer() {}

  /** What the label column holds. */
  public enum Task { CLASSIFICATION, REGRESSION }

  /** How a partition stores X: {@link PackedPartition}'s dense or CSR arrays. */
  public enum Layout { DENSE, CSR }

  /**
   * The density (nonzeros / (rows × d)) below which X is packed as CSR. Measured with
   * {@code scripts/bench-kernels.sh --sparse} (float32 forward+backward, B = 1024, SkylakeX
   * kernels), CSR's time over the dense GEMM pass's: 784-300-10, 0.60× at 2% and 1.19× at 5%
   * (the times cross near 3.5%); 4096-128-10, 0.55× at 1% and 1.25× at 2% (they cross near 1.6%).
   * CSR also stores less below 50% (8 bytes a nonzero against 4 a cell).
   */
  public static final double SPARSE_BELOW = 0.015;
  /** How many rows the layout is measured on: the input's first rows, in one small job. */
  static final int DENSITY_SAMPLE = 4096;
  /**
   * Above this many bytes (256 KiB) of serialized lineage the packed RDD is checkpointed, when the
   * SparkContext has a checkpoint directory. The training steps read the cached blocks and carry
   * none of it ({@link CachedBlocks}), but every other job over the packed data does (validation,
   * and a step whose block was lost, which recomputes it): a text pipeline's lineage holds IDF's
   * weights (d doubles, 2 MiB at 2^18), which each such job would serialize, ship and read again.
   * (Measured before the steps read blocks, on the fortunes text at 2^14, whose lineage is 0.3 MiB:
   * a median step of 132 ms carrying it, 87 ms checkpointed.)
   */
  static final long LINEAGE_LIMIT = 1L << 18;

  /**
   * @param numPartitions the partition count to train with, or ≤ 0 to keep the input's; a
   *     change keeps the input's row order (range repartitioning by row position)
   * @param k the engine's precision, e.g. {@link Kernels#F32} (or a configured name's
   *     {@link io.sparkmlp.nn.Precision#kernels()}, passed on to a method generic in A)
   * @param what a name for messages, e.g. "training data"
   */
  public static <A> PackedData<A> pack(Dataset<Row> df, String featuresCol, String labelCol,
      Task task, Kernels<A> k, int numPartitions, String what) {
    return pack(df, featuresCol, labelCol, task, k, numPartitions, what, null);
  }

  /**
   * As {@link #pack(Dataset, String, String, Task, Kernels, int, String)}, with the layout
   * given, or null to choose it from the density of the input's first {@value #DENSITY_SAMPLE}
   * rows ({@link #SPARSE_BELOW}). The choice, the nonzeros and the density are logged.
   */
  public static <A> PackedData<A> pack(Dataset<Row> df, String featuresCol, String labelCol,
      Task task, Kernels<A> k, int numPartitions, String what, Layout layout) {
    return pack(df, featuresCol, labelCol, null, task, k, numPartitions, what, layout);
  }

  /**
   * As {@link #pack(Dataset, String, String, Task, Kernels, int, String, Layout)}, with each row's
   * sample weight read from the numeric column {@code weightCol}, or unweighted when it is null.
   * A weight must be a finite number ≥ 0; a null, negative or non-finite one fails with its row.
   * A weighted set whose weights sum to 0 is an error: it has nothing to learn from.
   */
  public static <A> PackedData<A> pack(Dataset<Row> df, String featuresCol, String labelCol,
      String weightCol, Task task, Kernels<A> k, int numPartitions, String what, Layout layout) {
    checkSchema(df.schema(), featuresCol, labelCol, task, what);
    boolean weighted = weightCol != null;
    if (weighted) {
      checkWeightColumn(df.schema(), weightCol, what);
    }
    JavaRDD<Row> rows = (weighted ? df.select(featuresCol, labelCol, weightCol)
        : df.select(featuresCol, labelCol)).javaRDD();
    Layout chosen = layout != null ? layout : chooseLayout(rows, what);
    if (numPartitions > 0 && numPartitions != rows.getNumPartitions()) {
      // by position in both directions (never merging whole partitions): equal shares of rows
      rows = OrderedPartitions.byPosition(rows, numPartitions);
    }
    JavaRDD<PackedPartition<A>> packed = rows.mapPartitionsWithIndex(
        (index, it) -> List.of(RowPacker.pack(index, it, task, k, chosen, weightCol)).iterator(),
        true);
    packed.persist(StorageLevel.MEMORY_AND_DISK());
    packed.setName("sparkmlp packed " + what);
    cutLineage(packed, what);
    List<PackedPartition.Shape> shapes;
    try {
      shapes = packed.map(PackedPartition::shape).collect();
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      packed.unpersist(false);
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
    reportBadRow(packed, shapes, what);
    PackedData<A> data = summarize(packed, shapes, k, what, chosen, weighted);
    LOG.info("{}: {} layout, {} stored values ({})", what, chosen, String.format(java.util.Locale.ROOT,
        "%,d", data.storedValues()), data.layout() == Layout.CSR ? String.format(java.util.Locale.ROOT,
        "density %.2g", data.density()) : "rows × features");
    return data;
  }

  /**
   * Marks {@code packed} for a reliable checkpoint (written by its first job, from the cache)
   * when its lineage serializes to more than {@link #LINEAGE_LIMIT} and the SparkContext has a
   * checkpoint directory, so that tasks carry the checkpoint's location instead; says so either
   * way. A lost partition is then read back from the checkpoint.
   */
  private static void cutLineage(JavaRDD<?> packed, String what) {
    long bytes = org.apache.spark.SparkEnv.get().closureSerializer().newInstance()
        .serialize(packed.rdd(), scala.reflect.ClassTag$.MODULE$.AnyRef()).limit();
    if (bytes <= LINEAGE_LIMIT) {
      return;
    }
    scala.Option<String> dir = packed.context().getCheckpointDir();
    String size = String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    if (dir.isDefined()) {
      packed.checkpoint();
      LOG.info("{}: its lineage serializes to {}, so it is checkpointed to {}; each task then carries"
          + " only the checkpoint's location", what, size, dir.get());
    } else {
      LOG.info("{}: its lineage serializes to {}, which each validation job over it carries (the training"
          + " steps read its cached blocks); a checkpoint directory (SparkContext.setCheckpointDir) would cut it",
          what, size);
    }
  }

  /**
   * The nonzero fraction of the Vector column {@code col} over the frame's first
   * {@value #DENSITY_SAMPLE} rows, in one small job; 1 when there are none.
   */
  public static double sampleDensity(Dataset<Row> df, String col) {
    return density(df.select(col).javaRDD());
  }

  private static double density(JavaRDD<Row> rows) {
    long nnz = 0, cells = 0;
    for (Row r : rows.take(DENSITY_SAMPLE)) {
      if (r.get(0) instanceof Vector v) {
        nnz += v.numNonzeros();
        cells += v.size();
      }
    }
    return cells == 0 ? 1.0 : (double) nnz / cells;
  }

  /** CSR when the first rows' density is below {@link #SPARSE_BELOW}, else dense. */
  private static Layout chooseLayout(JavaRDD<Row> rows, String what) {
    double density = density(rows);
    Layout l = density < SPARSE_BELOW ? Layout.CSR : Layout.DENSE;
    LOG.info("{}: density {} in its first rows, so the {} layout (CSR below {})", what,
        String.format(java.util.Locale.ROOT, "%.3g", density), l, SPARSE_BELOW);
    return l;
  }

  /** The first bad row over all partitions, named by its global position; nothing if none. */
  private static void reportBadRow(JavaRDD<?> packed, List<PackedPartition.Shape> shapes, String what) {
    long before = 0;
    for (PackedPartition.Shape s : shapes.stream()
        .sorted(java.util.Comparator.comparingInt(PackedPartition.Shape::index)).toList()) {
      if (s.problem() != null) {
        packed.unpersist(false);
        throw new IllegalArgumentException(what + ": row " + (before + s.problemRow())
            + " (0-based, in input order): " + s.problem());
      }
      before += s.rows();
    }
  }

  private static <A> PackedData<A> summarize(JavaRDD<PackedPartition<A>> packed,
      List<PackedPartition.Shape> shapes, Kernels<A> k, String what, Layout layout, boolean weighted) {
    int[] counts = new int[shapes.size()];
    int cols = -1, outputs = -1, maxLabel = -1;
    long seen = 0, stored = 0;
    double weightSum = 0.0;
    for (PackedPartition.Shape s : shapes.stream()
        .sorted(java.util.Comparator.comparingInt(PackedPartition.Shape::index)).toList()) {
      counts[s.index()] = s.rows();
      stored += s.stored();
      weightSum += s.weightSum();
      if (s.rows() > 0) {
        if (cols >= 0 && s.cols() != cols) {
          packed.unpersist(false);
          throw new IllegalArgumentException(what + ": row " + seen + " (0-based, in input order)"
              + " has " + s.cols() + " features, but the rows before it have " + cols);
        }
        if (outputs >= 0 && s.outputs() != outputs) {
          packed.unpersist(false);
          throw new IllegalArgumentException(what + ": row " + seen + " has a target of length "
              + s.outputs() + ", but the rows before it have " + outputs);
        }
        cols = s.cols();
        outputs = s.outputs();
        maxLabel = Math.max(maxLabel, s.maxLabel());
      }
      seen += s.rows();
    }
    if (seen == 0) {
      packed.unpersist(false);
      throw new IllegalArgumentException(what + " is empty: it has no rows");
    }
    if (weighted && weightSum == 0.0) {
      packed.unpersist(false);
      throw new IllegalArgumentException(what + ": the weights of all " + seen + " rows are 0, so there is"
          + " nothing to learn from; give some rows a weight > 0");
    }
    return new PackedData<>(packed, k, counts, cols, outputs, maxLabel, layout, stored, weighted, weightSum);
  }

  private static void checkWeightColumn(StructType schema, String weightCol, String what) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(weightCol)) {
      throw new IllegalArgumentException(what + ": no weight column '" + weightCol + "'; columns are " + names);
    }
    DataType wt = schema.apply(weightCol).dataType();
    if (!(wt instanceof NumericType)) {
      throw new IllegalArgumentException(what + ": weight column '" + weightCol + "' is " + wt.simpleString()
          + ", expected a number (a sample weight ≥ 0)");
    }
  }

  private static void checkSchema(StructType schema, String featuresCol, String labelCol,
      Task task, String what) {
    List<String> names = List.of(schema.fieldNames());
    if (!names.contains(featuresCol)) {
      throw new IllegalArgumentException(what + ": no features column '" + featuresCol
          + "'; columns are " + names);
    }
    if (!names.contains(labelCol)) {
      throw new IllegalArgumentException(what + ": no label column '" + labelCol
          + "'; columns are " + names);
    }
    DataType ft = schema.apply(featuresCol).dataType();
    if (!(ft instanceof VectorUDT)) {
      throw new IllegalArgumentException(what + ": column '" + featuresCol + "' is " + ft.simpleString()
          + ", expected a Vector (org.apache.spark.ml.linalg); assemble numeric columns with VectorAssembler");
    }
    DataType lt = schema.apply(labelCol).dataType();
    boolean ok = lt instanceof NumericType || (task == Task.REGRESSION && lt instanceof VectorUDT);
    if (!ok) {
      throw new IllegalArgumentException(what + ": label column '" + labelCol + "' is "
          + lt.simpleString() + ", expected a number"
          + (task == Task.REGRESSION ? " or a Vector of targets" : " (a class id 0..K-1)"));
    }
  }
}
