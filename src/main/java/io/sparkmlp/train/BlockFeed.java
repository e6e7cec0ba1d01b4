package io.sparkmlp.train;

import io.sparkmlp.nn.Kernels;
import io.sparkmlp.nn.Network;
import io.sparkmlp.nn.SparseRows;
import io.sparkmlp.nn.Workspace;

/**
 * Runs chosen rows of one packed partition through the network, a block of at most
 * {@link #capacity()} rows at a time, whatever the partition's layout: dense rows are copied
 * into the workspace's X (B × d), CSR rows into a reusable {@link SparseRows} batch, so that no
 * dense B × d buffer exists on the sparse path. Labels or targets go into the workspace either
 * way, and so do the rows' sample weights when the partition has them. The workspace comes
 * from, and goes back to, the executor's {@link WorkspaceCache}; the CSR batch and the weights
 * are this feed's own, allocated once and refilled for every block.
 */
final class BlockFeed<A> implements AutoCloseable {
  private final Kernels<A> k;
  private final Network<A> net;
  private final PackedPartition<A> p;
  private final Workspace<A> ws;
  private final SparseRows<A> csr;
  /** The loaded block's sample weights, or null when the partition is unweighted. */
  private final double[] weights;

  /** @param rows the most rows it will be given in all (a block never holds more) */
  BlockFeed(Network<A> net, PackedPartition<A> p, int blockSize, int rows) {
    this.k = net.kernels();
    this.net = net;
    this.p = p;
    int capacity = Math.max(1, Math.min(blockSize, rows));
    this.ws = WorkspaceCache.borrow(net, capacity, !p.isSparse());
    this.csr = p.isSparse() ? new SparseRows<>(k, p.cols, capacity, Math.max(16, capacity * p.meanNnz())) : null;
    this.weights = p.weights == null ? null : new double[ws.capacity()];
  }

  int capacity() {
    return ws.capacity();
  }

  /** The block: rows {@code rows[from .. from+n)} of the partition, n ≤ {@link #capacity()}. */
  void load(int[] rows, int from, int n) {
    if (csr != null) {
      csr.clear();
    }
    for (int i = 0; i < n; i++) {
      int r = rows[from + i];
      if (csr == null) {
        k.copy(p.x, r * p.cols, ws.x, i * p.cols, p.cols);
      } else {
        int start = p.rowPtr[r];
        csr.copyRow(p.colIdx, p.values, start, p.rowPtr[r + 1] - start);
      }
      if (p.labels != null) {
        ws.labels[i] = p.labels[r];
      } else {
        k.copy(p.targets, r * p.outputs, ws.targets, i * p.outputs, p.outputs);
      }
      if (weights != null) {
        weights[i] = p.weights[r];
      }
    }
  }

  /** Σ w over the loaded block of n rows, in row order; n when unweighted. */
  double weightSum(int n) {
    if (weights == null) {
      return n;
    }
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += weights[i];
    }
    return sum;
  }

  /** Σ w·ℓ over the loaded block, accumulating Σ w·∂ℓ/∂θ into {@code grad} (eqs. 1-6; w = 1 unweighted). */
  double lossSumAndGradient(A theta, int n, A grad) {
    return csr == null ? net.lossSumAndGradient(theta, ws, n, weights, 1.0, grad)
        : net.lossSumAndGradient(theta, csr, ws, weights, 1.0, grad);
  }

  /** Σ w·ℓ over the loaded block (forward only). */
  double lossSum(A theta, int n) {
    return csr == null ? net.lossSum(theta, ws, n, weights) : net.lossSum(theta, csr, ws, weights);
  }

  /** Rows of the loaded block whose largest output is their class (after a forward pass). */
  long countCorrect(int n) {
    return net.countCorrect(ws, n);
  }

  @Override
  public void close() {
    WorkspaceCache.giveBack(net, ws);
  }
}
