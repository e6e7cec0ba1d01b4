package io.sparkmlp.ml;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.SparseRows;
import io.sparkmlp.nn.Workspace;
import io.sparkmlp.train.Packer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor side of a model's transform: reads a partition's rows in blocks of up to
 * {@code blockSize}, writes each block's features into one workspace as X (rows × d, row-major)
 * or, for sparse input, into one CSR batch ({@link SparseRows}: no rows × d buffer exists), runs
 * one {@link Network#predict} per block, and emits every input row followed by the output
 * columns. The layout is chosen per partition from its first row: CSR when it is a
 * {@link SparseVector} of density below {@link Packer#SPARSE_BELOW}, as in training. An
 * {@code array<double>} or {@code array<float>} features column is read as dense Vectors
 * ({@link ArrayFeatures}). The
 * buffers are allocated once per partition; the iterator is lazy, so a partition is never held
 * in memory beyond one block.
 */
final class BlockTransform<A> implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Architecture arch;
  private final Kernels<A> kernels;
  private final Broadcast<A> theta;
  private final int featuresIndex;
  private final String featuresCol;
  private final int inputWidth;
  private final int blockSize;
  private final OutputColumns columns;

  BlockTransform(Architecture arch, Kernels<A> kernels, Broadcast<A> theta, int featuresIndex,
      String featuresCol, int inputWidth, int blockSize, OutputColumns columns) {
    this.arch = arch;
    this.kernels = kernels;
    this.theta = theta;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.inputWidth = inputWidth;
    this.blockSize = blockSize;
    this.columns = columns;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Blocks(input);
  }

  private final class Blocks implements Iterator<Row> {
    private final Iterator<Row> input;
    private final Kernels<A> k;
    private final Network<A> net;
    /** Chosen at the first row: a dense workspace, or a sparse one with {@link #csr}. */
    private Workspace<A> ws;
    private SparseRows<A> csr;
    private final A th;
    /** The loss's output for the block (rows × K): softmax probabilities or the values. */
    private final A out;
    private final Row[] block;
    private final int d;
    private final int width;
    private final int partition;
    private int filled;
    private int next;
    private long rowsBefore;

    Blocks(Iterator<Row> input) {
      this.input = input;
      this.k = kernels;
      this.net = new Network<>(arch, k);
      this.th = theta.value();
      this.width = arch.outputSize();
      this.out = k.alloc(blockSize * width);
      this.block = new Row[blockSize];
      this.d = arch.inputSize();
      TaskContext tc = TaskContext.get();
      this.partition = tc == null ? -1 : tc.partitionId();
    }

    @Override
    public boolean hasNext() {
      if (next < filled) {
        return true;
      }
      if (!input.hasNext()) {
        return false;
      }
      fill();
      return filled > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = block[next];
      Object[] values = new Object[inputWidth + columns.count()];
      for (int i = 0; i < inputWidth; i++) {
        values[i] = row.get(i);
      }
      columns.write(values, inputWidth, copyRow(ws.y(arch.numLayers() - 1), next), copyRow(out, next));
      block[next++] = null;
      return RowFactory.create(values);
    }

    /** Reads up to blockSize rows into X, then (1)…(L) forward and the loss output for all of them at once. */
    private void fill() {
      rowsBefore += filled;
      int rows = 0;
      if (csr != null) {
        csr.clear();
      }
      while (rows < blockSize && input.hasNext()) {
        Row row = input.next();
        Object f = row.get(featuresIndex);
        if (f == null) {
          throw new IllegalArgumentException(where(rows) + ": column '" + featuresCol + "' is null");
        }
        Vector v = ArrayFeatures.toVector(f, where(rows));
        if (ws == null) {
          chooseLayout(v);
        }
        if (csr == null) {
          TrainedNetwork.copyFeatures(k, v, d, ws.x, rows * d, where(rows));
        } else {
          TrainedNetwork.addFeatures(v, d, csr, where(rows));
        }
        block[rows++] = row;
      }
      if (csr == null) {
        // X[rows×d] → network → out[rows×K] (softmax or identity); logits stay in Y_{L−1}[rows×K]
        net.predict(th, ws, rows, out);
      } else {
        // X[rows×d] in CSR → network → out[rows×K]; logits stay in Y_{L−1}[rows×K]
        net.predict(th, csr, ws, out);
      }
      filled = rows;
      next = 0;
    }

    /** CSR for a sparse first row below the density threshold, else dense. */
    private void chooseLayout(Vector first) {
      boolean sparse = first instanceof SparseVector sv && first.size() > 0
          && (double) sv.numActives() / first.size() < Packer.SPARSE_BELOW;
      if (sparse) {
        ws = net.newSparseWorkspace(blockSize);
        csr = new SparseRows<>(k, d, blockSize, blockSize * Math.max(16, ((SparseVector) first).numActives()));
      } else {
        ws = net.newWorkspace(blockSize, false);
      }
    }

    private String where(int rowInBlock) {
      return "row " + (rowsBefore + rowInBlock) + " of partition " + partition;
    }

    /** Row r of a (rows × K) row-major block, widened to float64 (a new array). */
    private double[] copyRow(A m, int r) {
      double[] v = new double[width];
      for (int j = 0; j < width; j++) {
        v[j] = k.get(m, r * width + j);
      }
      return v;
    }
  }
}
