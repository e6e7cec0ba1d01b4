package io.sparkmlp.nn;

import java.util.Arrays;

/**
 * A batch X (rows × cols) in CSR, the sparse input of the first layer: row b holds the
 * nonzeros x[b, colIdx[p]] = values[p] for p in [rowPtr[b], rowPtr[b+1]).
 *
 * <ul>
 *   <li>rowPtr: int[rows + 1], rowPtr[0] = 0, non-decreasing, rowPtr[rows] = nnz;
 *   <li>colIdx: int[nnz], each in [0, cols), strictly ascending within a row (so unique);
 *   <li>values: A[nnz] in the engine's precision ({@code double[]} or {@code float[]}).
 * </ul>
 * Every way in ({@link #addRow}, {@link #fill}) checks these invariants, so the layer kernels
 * trust them. The buffers are reusable: {@link #clear} and refill for the next batch; nothing
 * is allocated while the batch fits the capacity, and a batch that does not fit grows the
 * buffers once (to the size it needs, at least doubling).
 *
 * <p>Not thread-safe: one per task or thread, like {@link Workspace}.
 */
public final class SparseRows<A> {
  private final Kernels<A> k;
  private final int cols;
  private int[] rowPtr;
  private int[] colIdx;
  private A values;
  private int rows;
  /** Scratch of {@link #distinctColumns}: a binary min-heap of row ids keyed by their cursor's column. */
  private int[] heap;
  /** Scratch of {@link #distinctColumns}: the next nonzero of each row. */
  private int[] cursor;

  /**
   * An empty batch of width {@code cols} with room for {@code rowCapacity} rows and
   * {@code nnzCapacity} nonzeros.
   */
  public SparseRows(Kernels<A> k, int cols, int rowCapacity, int nnzCapacity) {
    if (cols <= 0 || rowCapacity < 0 || nnzCapacity < 0) {
      throw new IllegalArgumentException("SparseRows: expected cols > 0 and capacities >= 0, got cols "
          + cols + ", rowCapacity " + rowCapacity + ", nnzCapacity " + nnzCapacity);
    }
    this.k = k;
    this.cols = cols;
    this.rowPtr = new int[rowCapacity + 1];
    this.colIdx = new int[nnzCapacity];
    this.values = k.alloc(nnzCapacity);
    this.heap = new int[rowCapacity];
    this.cursor = new int[rowCapacity];
  }

  /** A new batch holding a copy of the CSR arrays (checked as {@link #fill} does). */
  public static <A> SparseRows<A> of(Kernels<A> k, int cols, int[] rowPtr, int[] colIdx,
      double[] values) {
    if (rowPtr.length == 0) {
      throw new IllegalArgumentException("CSR: expected rowPtr of rows + 1 >= 1 entries, found none");
    }
    SparseRows<A> s = new SparseRows<>(k, cols, rowPtr.length - 1, colIdx.length);
    s.fill(rowPtr.length - 1, rowPtr, colIdx, values);
    return s;
  }

  public Kernels<A> kernels() { return k; }
  /** The width d of X, the input size of the first layer. */
  public int cols() { return cols; }
  /** B, the number of rows in the batch. */
  public int rows() { return rows; }
  /** The number of stored nonzeros, rowPtr[rows]. */
  public int nnz() { return rowPtr[rows]; }
  /** The backing row pointers; entries [0, rows] are the batch's. Read-only by contract. */
  public int[] rowPtr() { return rowPtr; }
  /** The backing column indices; entries [0, nnz) are the batch's. Read-only by contract. */
  public int[] colIdx() { return colIdx; }
  /** The backing values; entries [0, nnz) are the batch's. Read-only by contract. */
  public A values() { return values; }

  /** Empties the batch (rows = 0, nnz = 0), keeping the buffers. */
  public void clear() {
    rows = 0;
    rowPtr[0] = 0;
  }

  /**
   * Appends one row with nonzeros x[row, indices[off+i]] = vals[off+i] for i &lt; n (rounded to
   * the engine's precision). Precondition, checked: the indices are in [0, cols) and strictly
   * ascending; on a violation nothing is appended and the message names the row and position.
   * Explicit zeros are kept (they cost work but change nothing).
   */
  public void addRow(int[] indices, double[] vals, int off, int n) {
    checkColumns(rows, indices, off, n);
    int start = rowPtr[rows];
    ensureCapacity(rows + 1, start + n);
    System.arraycopy(indices, off, colIdx, start, n);
    for (int i = 0; i < n; i++) {
      k.set(values, start + i, vals[off + i]);
    }
    rows++;
    rowPtr[rows] = start + n;
  }

  /**
   * {@link #addRow} from values already in this batch's precision ({@code vals} of type A, e.g. a
   * packed partition's CSR values): copied, not rounded. The same checks.
   */
  public void copyRow(int[] indices, A vals, int off, int n) {
    checkColumns(rows, indices, off, n);
    int start = rowPtr[rows];
    ensureCapacity(rows + 1, start + n);
    System.arraycopy(indices, off, colIdx, start, n);
    k.copy(vals, off, values, start, n);
    rows++;
    rowPtr[rows] = start + n;
  }

  /**
   * Replaces the batch by a copy of a whole CSR matrix of {@code rows} rows: rowPtr
   * (≥ rows + 1 entries), colIdx and values (≥ rowPtr[rows] entries each). Every invariant is
   * checked first; on a violation the batch is left empty and the message names the row.
   */
  public void fill(int rows, int[] rowPtr, int[] colIdx, double[] values) {
    clear();
    if (rows < 0 || rowPtr.length < rows + 1) {
      throw new IllegalArgumentException("CSR: expected rowPtr of at least rows + 1 = " + (rows + 1)
          + " entries, found " + rowPtr.length + " (rows " + rows + ")");
    }
    if (rowPtr[0] != 0) {
      throw new IllegalArgumentException("CSR: expected rowPtr[0] = 0, found " + rowPtr[0]);
    }
    for (int b = 0; b < rows; b++) {
      if (rowPtr[b + 1] < rowPtr[b]) {
        throw new IllegalArgumentException("CSR row " + b + ": rowPtr not monotone, rowPtr[" + b
            + "] = " + rowPtr[b] + " > rowPtr[" + (b + 1) + "] = " + rowPtr[b + 1]);
      }
    }
    int nnz = rowPtr[rows];
    if (colIdx.length < nnz || values.length < nnz) {
      throw new IllegalArgumentException("CSR: rowPtr[" + rows + "] = " + nnz + " nonzeros, but colIdx has "
          + colIdx.length + " and values " + values.length + " entries");
    }
    for (int b = 0; b < rows; b++) {
      checkColumns(b, colIdx, rowPtr[b], rowPtr[b + 1] - rowPtr[b]);
    }
    ensureCapacity(rows, nnz);
    System.arraycopy(rowPtr, 0, this.rowPtr, 0, rows + 1);
    System.arraycopy(colIdx, 0, this.colIdx, 0, nnz);
    for (int p = 0; p < nnz; p++) {
      k.set(this.values, p, values[p]);
    }
    this.rows = rows;
  }

  /**
   * Writes the distinct columns of the batch, ascending, to out[0, count) and returns count:
   * the rows of W_0 that eq. (4) touches for this batch, the only ones whose gradient can be
   * non-zero. out needs min(nnz, cols) entries. A k-way merge of the sorted rows, O(nnz·log B),
   * that allocates nothing.
   */
  public int distinctColumns(int[] out) {
    int need = Math.min(nnz(), cols);
    if (out.length < need) {
      throw new IllegalArgumentException("distinctColumns: expected a buffer of at least min(nnz, cols) = "
          + need + " entries, found " + out.length);
    }
    int size = 0;
    for (int b = 0; b < rows; b++) {
      cursor[b] = rowPtr[b];
      if (rowPtr[b] < rowPtr[b + 1]) {
        heap[size++] = b;
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i, size);
    }
    int count = 0;
    while (size > 0) {
      int b = heap[0];
      int c = colIdx[cursor[b]];
      if (count == 0 || out[count - 1] != c) {
        out[count++] = c;
      }
      if (++cursor[b] == rowPtr[b + 1]) {
        heap[0] = heap[--size];
      }
      if (size > 0) {
        siftDown(0, size);
      }
    }
    return count;
  }

  /** Restores the heap order below position i of heap[0, size), keyed by colIdx[cursor[row]]. */
  private void siftDown(int i, int size) {
    int row = heap[i];
    int key = colIdx[cursor[row]];
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && colIdx[cursor[heap[child + 1]]] < colIdx[cursor[heap[child]]]) {
        child++;
      }
      if (colIdx[cursor[heap[child]]] >= key) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = row;
  }

  private void checkColumns(int row, int[] indices, int off, int n) {
    for (int i = 0; i < n; i++) {
      int c = indices[off + i];
      if (c < 0 || c >= cols) {
        throw new IllegalArgumentException("CSR row " + row + ": column " + c + " at position " + i
            + " is outside [0, " + cols + ")");
      }
      if (i > 0 && c <= indices[off + i - 1]) {
        throw new IllegalArgumentException("CSR row " + row + ": column " + c + " at position " + i
            + " follows column " + indices[off + i - 1] + "; expected strictly ascending (sorted, unique)");
      }
    }
  }

  /** Grows the buffers, once, when a batch needs more rows or nonzeros than they hold. */
  private void ensureCapacity(int needRows, int needNnz) {
    if (needRows + 1 > rowPtr.length) {
      int cap = Math.max(needRows, grown(rowPtr.length - 1));
      rowPtr = Arrays.copyOf(rowPtr, cap + 1);
      heap = new int[cap];
      cursor = new int[cap];
    }
    if (needNnz > colIdx.length) {
      int cap = Math.max(needNnz, grown(colIdx.length));
      colIdx = Arrays.copyOf(colIdx, cap);
      A grown = k.alloc(cap);
      k.copy(values, 0, grown, 0, rowPtr[rows]);
      values = grown;
    }
  }

  private static int grown(int n) {
    return (int) Math.min(Integer.MAX_VALUE - 8, 2L * n);
  }
}
