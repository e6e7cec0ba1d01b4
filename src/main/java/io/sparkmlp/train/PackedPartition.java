package io.sparkmlp.train;

import java.io.Serializable;

/**
 * One Spark partition's rows, packed once into contiguous arrays of the engine's precision, in
 * one of two layouts ({@link Packer.Layout}): dense, X (rows × cols) row-major in {@code x}; or
 * CSR, row r's nonzeros at {@code colIdx[rowPtr[r] .. rowPtr[r+1])} (ascending) with their
 * {@code values}, and {@code x} empty. Targets are class ids ({@code labels}, classification) or
 * a (rows × outputs) row-major matrix ({@code targets}, regression). Cached by Spark; never
 * converted again.
 *
 * @param <A> {@code double[]} or {@code float[]}
 */
public final class PackedPartition<A> implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The Spark partition index: with the driver's row counts it gives the global positions. */
  public final int index;
  public final int rows;
  /** Features per row, or −1 when the partition is empty. */
  public final int cols;
  /** Target width: 1 for classification (labels) or the regression output count. */
  public final int outputs;
  /** X, rows × cols row-major (dense layout), or an empty array (CSR). */
  public final A x;
  /** CSR: row r's nonzeros are at [rowPtr[r], rowPtr[r+1]) of colIdx and values; null when dense. */
  public final int[] rowPtr;
  public final int[] colIdx;
  public final A values;
  /** Class ids, or null for regression. */
  public final int[] labels;
  /** Regression targets (rows × outputs), or null for classification. */
  public final A targets;
  /** The largest class id seen, or −1 (classification only). */
  public final int maxLabel;
  /** Row r's sample weight (finite, ≥ 0), or null when the fit has no weight column (w = 1). */
  public final double[] weights;
  /** What is wrong with the first bad row, or null; a partition with a bad row holds no data. */
  final String problem;
  /** The bad row's index within this partition, or −1. */
  final long problemRow;

  /** A dense partition; {@code weights} null when unweighted. */
  PackedPartition(int index, int rows, int cols, int outputs, A x, int[] labels, A targets,
      int maxLabel, double[] weights) {
    this(index, rows, cols, outputs, x, null, null, null, labels, targets, maxLabel, weights, null, -1);
  }

  /** A CSR partition; {@code empty} is a zero-length array of the precision. */
  PackedPartition(int index, int rows, int cols, int outputs, A empty, int[] rowPtr, int[] colIdx,
      A values, int[] labels, A targets, int maxLabel, double[] weights) {
    this(index, rows, cols, outputs, empty, rowPtr, colIdx, values, labels, targets, maxLabel, weights,
        null, -1);
  }

  private PackedPartition(int index, int rows, int cols, int outputs, A x, int[] rowPtr,
      int[] colIdx, A values, int[] labels, A targets, int maxLabel, double[] weights, String problem,
      long problemRow) {
    this.weights = weights;
    this.problem = problem;
    this.problemRow = problemRow;
    this.index = index;
    this.rows = rows;
    this.cols = cols;
    this.outputs = outputs;
    this.x = x;
    this.rowPtr = rowPtr;
    this.colIdx = colIdx;
    this.values = values;
    this.labels = labels;
    this.targets = targets;
    this.maxLabel = maxLabel;
  }

  /**
   * A partition that found a bad row: it carries the problem back as data, so the driver can
   * name the row without a failed task (no retries, no executor stack traces in the log).
   */
  static <A> PackedPartition<A> failed(int index, A empty, BadRowException e) {
    return new PackedPartition<>(index, 0, -1, -1, empty, null, null, null, null, null, -1, null,
        e.problem(), e.rowInPartition());
  }

  /** True for the CSR layout. */
  public boolean isSparse() {
    return rowPtr != null;
  }

  /** Stored feature values: rows × cols when dense, the nonzeros when CSR. */
  public long storedValues() {
    return isSparse() ? rowPtr[rows] : (long) rows * Math.max(0, cols);
  }

  /** The mean nonzeros per row, rounded up (CSR), or cols (dense); at least 1. */
  int meanNnz() {
    return (int) Math.max(1, rows == 0 ? 1 : (storedValues() + rows - 1) / rows);
  }

  /** Σ_r w_r over the partition's rows, in row order; the row count when unweighted. */
  double weightSum() {
    if (weights == null) {
      return rows;
    }
    double sum = 0.0;
    for (double w : weights) {
      sum += w;
    }
    return sum;
  }

  /** What the driver needs to know of a partition without its arrays. */
  Shape shape() {
    return new Shape(index, rows, cols, outputs, maxLabel, storedValues(), weightSum(), problem, problemRow);
  }

  /**
   * Row count and widths of one packed partition. A class, not a record: it travels as a task
   * result through {@code spark.serializer}, and Spark 4's Kryo (4.x) cannot serialize records.
   */
  static final class Shape implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final int rows;
    private final int cols;
    private final int outputs;
    private final int maxLabel;
    private final String problem;
    private final long problemRow;
    private final long stored;
    private final double weightSum;

    Shape(int index, int rows, int cols, int outputs, int maxLabel, long stored, double weightSum,
        String problem, long problemRow) {
      this.stored = stored;
      this.weightSum = weightSum;
      this.problem = problem;
      this.problemRow = problemRow;
      this.index = index;
      this.rows = rows;
      this.cols = cols;
      this.outputs = outputs;
      this.maxLabel = maxLabel;
    }

    int index() { return index; }
    int rows() { return rows; }
    int cols() { return cols; }
    int outputs() { return outputs; }
    int maxLabel() { return maxLabel; }
    /** Stored feature values: rows × cols dense, or the nonzeros in CSR. */
    long stored() { return stored; }
    /** Σ w over the partition's rows (its row count when unweighted). */
    double weightSum() { return weightSum; }
    /** What is wrong with this partition's first bad row, or null. */
    String problem() { return problem; }
    long problemRow() { return problemRow; }
  }
}
