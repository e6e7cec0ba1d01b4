package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.train.Packer.Layout;
import io.sparkmlp.train.Packer.Task;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * The executor side of {@link Packer}: one partition's (features, label[, weight]) rows into one
 * {@link PackedPartition}, X dense or CSR. Each row is checked as it is read; the first bad one
 * ends the partition as a {@link PackedPartition#failed} carrying the problem, so the driver can
 * name the row without a failed task.
 */
final class RowPacker {
  private RowPacker() {}

  /** @param weightCol the name of the rows' third column, the sample weight, or null when they have none */
  static <A> PackedPartition<A> pack(int index, Iterator<Row> it, Task task, Kernels<A> k, Layout layout,
      String weightCol) {
    try {
      return packRows(index, it, task, k, layout, weightCol);
    } catch (BadRowException e) {
      return PackedPartition.failed(index, k.alloc(0), e);
    }
  }

  /** Packs the rows, throwing {@link BadRowException} at the first bad one. */
  private static <A> PackedPartition<A> packRows(int index, Iterator<Row> it, Task task, Kernels<A> k,
      Layout layout, String weightCol) {
    Growable<A> x = new Growable<>(k);
    IntGrowable colIdx = layout == Layout.CSR ? new IntGrowable() : null;
    IntGrowable rowPtr = layout == Layout.CSR ? new IntGrowable() : null;
    Growable<A> targets = task == Task.REGRESSION ? new Growable<>(k) : null;
    IntGrowable labels = task == Task.CLASSIFICATION ? new IntGrowable() : null;
    Growable<double[]> weights = weightCol != null ? new Growable<>(Kernels.F64) : null;
    int rows = 0, cols = -1, outputs = -1, maxLabel = -1;
    if (rowPtr != null) {
      rowPtr.add(0);
    }
    while (it.hasNext()) {
      Row row = it.next();
      Vector v = featureVector(row, index, rows);
      if (cols < 0) {
        cols = v.size();
      } else if (v.size() != cols) {
        throw new BadRowException(index, rows, "it has " + v.size()
            + " features, but the rows before it have " + cols);
      }
      if (colIdx == null) {
        x.appendDense(v, index, rows);
      } else {
        x.appendNonzeros(v, colIdx, index, rows);
        rowPtr.add(colIdx.size());
      }
      if (task == Task.CLASSIFICATION) {
        int label = classId(row, index, rows);
        labels.add(label);
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
      if (weights != null) {
        weights.append(weight(row, weightCol, index, rows));
      }
      rows++;
    }
    int[] ids = labels == null ? null : labels.trimmed();
    A t = targets == null ? null : targets.trimmed();
    double[] w = weights == null ? null : weights.trimmed();
    if (colIdx == null) {
      return new PackedPartition<>(index, rows, cols, outputs, x.trimmed(), ids, t, maxLabel, w);
    }
    return new PackedPartition<>(index, rows, cols, outputs, k.alloc(0), rowPtr.trimmed(),
        colIdx.trimmed(), x.trimmed(), ids, t, maxLabel, w);
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

  /** The row's sample weight, from its third column: a finite number ≥ 0. */
  private static double weight(Row row, String col, int index, int r) {
    if (row.isNullAt(2)) {
      throw new BadRowException(index, r, "the weight ('" + col + "') is null; weights must be finite numbers ≥ 0");
    }
    double w = ((Number) row.get(2)).doubleValue();
    if (!Double.isFinite(w) || w < 0) {
      throw new BadRowException(index, r, "the weight ('" + col + "') is " + w
          + "; weights must be finite numbers ≥ 0");
    }
    return w;
  }

  private static <A> int appendTarget(Row row, Growable<A> targets, int index, int r) {
    Object t = row.get(1);
    if (t == null) {
      throw new BadRowException(index, r, "the label is null");
    }
    if (t instanceof Vector v) {
      targets.appendDense(v, index, r);
      return v.size();
    }
    double value = ((Number) t).doubleValue();
    if (!Double.isFinite(value)) {
      throw new BadRowException(index, r, "the label is " + value);
    }
    targets.append(value);
    return 1;
  }

  private static void checkFinite(double v, int j, int index, int r) {
    if (!Double.isFinite(v)) {
      throw new BadRowException(index, r, "value " + v + " at index " + j
          + " is not finite; clean or impute the data before training");
    }
  }

  private static int grown(long need, int length) {
    if (need > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("one partition holds more than 2^31 values; "
          + "train with more partitions (--partitions)");
    }
    return need > length ? (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * length)) : length;
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

    /** Every entry of v, zeros included: one dense row. */
    void appendDense(Vector v, int index, int r) {
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

    /** The nonzeros of v (ascending index), their indices into {@code colIdx}: one CSR row. */
    void appendNonzeros(Vector v, IntGrowable colIdx, int index, int r) {
      if (v instanceof SparseVector s) {
        int[] idx = s.indices();
        double[] values = s.values();
        for (int j = 0; j < idx.length; j++) {
          checkFinite(values[j], idx[j], index, r);
          if (values[j] != 0.0) {
            append(values[j]);
            colIdx.add(idx[j]);
          }
        }
      } else {
        double[] values = ((DenseVector) v).values();
        for (int j = 0; j < values.length; j++) {
          checkFinite(values[j], j, index, r);
          if (values[j] != 0.0) {
            append(values[j]);
            colIdx.add(j);
          }
        }
      }
    }

    private void ensure(int n) {
      int len = grown((long) size + n, k.length(data));
      if (len > k.length(data)) {
        A bigger = k.alloc(len);
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

  /** An int array that grows by doubling. */
  private static final class IntGrowable {
    private int[] data = new int[1024];
    private int size;

    void add(int v) {
      if (size == data.length) {
        data = Arrays.copyOf(data, grown(size + 1L, data.length));
      }
      data[size++] = v;
    }

    int size() {
      return size;
    }

    int[] trimmed() {
      return Arrays.copyOf(data, size);
    }
  }
}
