package io.sparkmlp.train;

import io.sparkmlp.data.OrderedPartitions;
import io.sparkmlp.nn.Kernels;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
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
 * <p>Every row is checked while packing: features finite and of one length, labels finite,
 * and for classification whole numbers ≥ 0. A bad row fails with its global position (0-based,
 * in the input's order) and what is wrong with it.
 */
public final class Packer {
  private Packer() {}

  /** What the label column holds. */
  public enum Task { CLASSIFICATION, REGRESSION }

  /**
   * @param numPartitions the partition count to train with, or ≤ 0 to keep the input's; a
   *     change keeps the input's row order (range repartitioning by row position)
   * @param k the engine's precision, e.g. {@link Kernels#F32} (or a configured name's
   *     {@link io.sparkmlp.nn.Precision#kernels()}, passed on to a method generic in A)
   * @param what a name for messages, e.g. "training data"
   */
  public static <A> PackedData<A> pack(Dataset<Row> df, String featuresCol, String labelCol,
      Task task, Kernels<A> k, int numPartitions, String what) {
    checkSchema(df.schema(), featuresCol, labelCol, task, what);
    JavaRDD<Row> rows = df.select(featuresCol, labelCol).javaRDD();
    if (numPartitions > 0 && numPartitions != rows.getNumPartitions()) {
      // by position in both directions (never merging whole partitions): equal shares of rows
      rows = OrderedPartitions.byPosition(rows, numPartitions);
    }
    JavaRDD<PackedPartition<A>> packed = rows.mapPartitionsWithIndex(
        (index, it) -> List.of(packPartition(index, it, task, k)).iterator(),
        true);
    packed.persist(StorageLevel.MEMORY_AND_DISK());
    packed.setName("sparkmlp packed " + what);
    List<PackedPartition.Shape> shapes;
    try {
      shapes = packed.map(PackedPartition::shape).collect();
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      packed.unpersist(false);
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
    }
    reportBadRow(packed, shapes, what);
    return summarize(packed, shapes, k, what);
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
      List<PackedPartition.Shape> shapes, Kernels<A> k, String what) {
    int[] counts = new int[shapes.size()];
    int cols = -1, outputs = -1, maxLabel = -1;
    long seen = 0;
    for (PackedPartition.Shape s : shapes) {
      counts[s.index()] = s.rows();
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
    return new PackedData<>(packed, k, counts, cols, outputs, maxLabel);
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

  // ---------------------------------------------------------------- executor side

  private static <A> PackedPartition<A> packPartition(int index, Iterator<Row> it, Task task,
      Kernels<A> k) {
    try {
      return packRows(index, it, task, k);
    } catch (BadRowException e) {
      return PackedPartition.failed(index, k.alloc(0), e);
    }
  }

  /** Packs the rows, throwing {@link BadRowException} at the first bad one. */
  private static <A> PackedPartition<A> packRows(int index, Iterator<Row> it, Task task, Kernels<A> k) {
    Growable<A> x = new Growable<>(k);
    Growable<A> targets = task == Task.REGRESSION ? new Growable<>(k) : null;
    int[] labels = new int[task == Task.CLASSIFICATION ? 1024 : 0];
    int rows = 0, cols = -1, outputs = -1, maxLabel = -1;
    while (it.hasNext()) {
      Row row = it.next();
      Vector v = featureVector(row, index, rows);
      if (cols < 0) {
        cols = v.size();
      } else if (v.size() != cols) {
        throw new BadRowException(index, rows, "it has " + v.size()
            + " features, but the rows before it have " + cols);
      }
      x.appendVector(v, index, rows);
      if (task == Task.CLASSIFICATION) {
        int label = classId(row, index, rows);
        if (rows == labels.length) {
          labels = java.util.Arrays.copyOf(labels, labels.length * 2);
        }
        labels[rows] = label;
        maxLabel = Math.max(maxLabel, label);
        outputs = 1;
      } else {
        int w = appendTarget(row, targets, index, rows);
        if (outputs >= 0 && w != outputs) {
          throw new BadRowException(index, rows, "its target has " + w
              + " values, but the rows before it have " + outputs);
        }
        outputs = w;
      }
      rows++;
    }
    return new PackedPartition<>(index, rows, cols, outputs, x.trimmed(),
        task == Task.CLASSIFICATION ? java.util.Arrays.copyOf(labels, rows) : null,
        targets == null ? null : targets.trimmed(), maxLabel);
  }

  private static Vector featureVector(Row row, int index, int r) {
    Object f = row.get(0);
    if (f == null) {
      throw new BadRowException(index, r, "the features are null");
    }
    return (Vector) f;
  }

  private static int classId(Row row, int index, int r) {
    if (row.isNullAt(1)) {
      throw new BadRowException(index, r, "the label is null");
    }
    double label = ((Number) row.get(1)).doubleValue();
    if (!Double.isFinite(label)) {
      throw new BadRowException(index, r, "the label is " + label);
    }
    if (label != Math.rint(label) || label < 0 || label > Integer.MAX_VALUE) {
      throw new BadRowException(index, r, "the label " + label
          + " is not a class id: classification labels must be whole numbers 0, 1, ..., K-1");
    }
    return (int) label;
  }

  private static <A> int appendTarget(Row row, Growable<A> targets, int index, int r) {
    Object t = row.get(1);
    if (t == null) {
      throw new BadRowException(index, r, "the label is null");
    }
    if (t instanceof Vector v) {
      targets.appendVector(v, index, r);
      return v.size();
    }
    double value = ((Number) t).doubleValue();
    if (!Double.isFinite(value)) {
      throw new BadRowException(index, r, "the label is " + value);
    }
    targets.append(value);
    return 1;
  }

  /** An array of the engine's precision that grows by doubling while a partition is read. */
  private static final class Growable<A> {
    private final Kernels<A> k;
    private A data;
    private int size;

    Growable(Kernels<A> k) {
      this.k = k;
      this.data = k.alloc(4096);
    }

    void append(double v) {
      ensure(1);
      k.set(data, size++, v);
    }

    void appendVector(Vector v, int index, int r) {
      int n = v.size();
      ensure(n);
      if (v instanceof DenseVector d) {
        double[] values = d.values();
        for (int j = 0; j < n; j++) {
          checkFinite(values[j], j, index, r);
          k.set(data, size + j, values[j]);
        }
      } else {
        SparseVector s = (SparseVector) v;
        int[] idx = s.indices();
        double[] values = s.values();
        for (int j = 0; j < idx.length; j++) {
          checkFinite(values[j], idx[j], index, r);
          k.set(data, size + idx[j], values[j]);
        }
      }
      size += n;
    }

    private static void checkFinite(double v, int j, int index, int r) {
      if (!Double.isFinite(v)) {
        throw new BadRowException(index, r, "value " + v + " at index " + j
            + " is not finite; clean or impute the data before training");
      }
    }

    private void ensure(int n) {
      long need = (long) size + n;
      if (need > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("one partition holds more than 2^31 values; "
            + "train with more partitions (--partitions)");
      }
      if (need > k.length(data)) {
        A bigger = k.alloc((int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * k.length(data))));
        k.copy(data, 0, bigger, 0, size);
        data = bigger;
      }
    }

    A trimmed() {
      A out = k.alloc(size);
      k.copy(data, 0, out, 0, size);
      return out;
    }
  }
}
