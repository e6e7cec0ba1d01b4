package io.sparkmlp.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stack of {@link DenseLayer}s and a {@link Loss}, evaluated in one precision over a flat
 * parameter array θ laid out by {@link Architecture}. Stateless apart from its shape: θ, the
 * gradient and the {@link Workspace} are passed in.
 *
 * <p>Order of use for one batch: fill {@code ws.x} (and labels or targets), zero the gradient
 * with {@link #zeroGradient} when starting a new sum, then {@link #lossSumAndGradient}, which
 * accumulates.
 *
 * <p>Sparse input: the first layer can read X as {@link SparseRows} (CSR) instead of ws.x, through
 * the overloads that take one ({@link #forward(Object, SparseRows, Workspace)},
 * {@link #lossSumAndGradient(Object, SparseRows, Workspace, double, Object)}, …), with a
 * workspace from {@link #newSparseWorkspace} (no dense X buffer). Layers ≥ 1, the loss and
 * the labels or targets in the workspace are the same code either way.
 */
public final class Network<A> {
  private final Architecture arch;
  private final Kernels<A> k;
  private final List<DenseLayer> layers;

  public Network(Architecture arch, Kernels<A> kernels) {
    this.arch = arch;
    this.k = kernels;
    List<DenseLayer> ls = new ArrayList<>();
    for (int l = 0; l < arch.numLayers(); l++) {
      ls.add(new DenseLayer(arch, l));
    }
    this.layers = Collections.unmodifiableList(ls);
  }

  public Architecture architecture() { return arch; }
  public Kernels<A> kernels() { return k; }
  public List<DenseLayer> layers() { return layers; }

  /** Buffers for batches of up to {@code capacity} rows; dX is kept only when asked for. */
  public Workspace<A> newWorkspace(int capacity, boolean inputGradient) {
    return new Workspace<>(k, arch, capacity, inputGradient);
  }

  /**
   * Buffers for batches of up to {@code capacity} rows whose X arrives as {@link SparseRows}:
   * no dense X or dX, so d0 may be large (2^18 hashed features).
   */
  public Workspace<A> newSparseWorkspace(int capacity) {
    return new Workspace<>(k, arch, capacity, false, false);
  }

  /** grad ← 0, the separate step before a new accumulation. */
  public void zeroGradient(A grad) {
    k.zero(grad, 0, k.length(grad));
  }

  /** Eq. (1) through every layer for X = ws.x (rows × d0); the output is {@code ws.y(L−1)}. */
  public void forward(A theta, Workspace<A> ws, int rows) {
    checkRows(ws, rows);
    checkDenseInput(ws);
    layers.get(0).forward(k, theta, ws.x, 0, rows, ws.z.get(0), ws.y.get(0));
    forwardAbove(theta, ws, rows);
  }

  /** Eq. (1) through every layer for X in CSR (x.rows() × d0); the output is {@code ws.y(L−1)}. */
  public void forward(A theta, SparseRows<A> x, Workspace<A> ws) {
    checkRows(ws, x.rows());
    layers.get(0).forwardSparse(k, theta, x, ws.z.get(0), ws.y.get(0));
    forwardAbove(theta, ws, x.rows());
  }

  /** Eq. (1) for layers 1 … L−1, each reading the Y of the layer below. */
  private void forwardAbove(A theta, Workspace<A> ws, int rows) {
    for (int l = 1; l < layers.size(); l++) {
      layers.get(l).forward(k, theta, ws.y.get(l - 1), 0, rows, ws.z.get(l), ws.y.get(l));
    }
  }

  /**
   * Forward, loss and backward for the first {@code rows} rows of ws.x against ws.labels
   * (cross-entropy) or ws.targets (MSE). Returns Σ_b ℓ_b; <b>adds</b> scale·∂(Σ_b ℓ_b)/∂θ to
   * {@code grad}. Pass scale = 1/B for ∂L/∂θ of a batch of B, or 1 for a partial sum that a
   * driver normalizes once.
   */
  public double lossSumAndGradient(A theta, Workspace<A> ws, int rows, double scale, A grad) {
    return lossSumAndGradient(theta, ws, rows, null, scale, grad);
  }

  /**
   * {@link #lossSumAndGradient(Object, Workspace, int, double, Object)} with sample weights:
   * returns Σ_b w_b·ℓ_b and adds scale·∂(Σ_b w_b·ℓ_b)/∂θ; {@code weights[0..rows)} finite and
   * ≥ 0, or null for w_b = 1 (the same bits as the unweighted call).
   */
  public double lossSumAndGradient(A theta, Workspace<A> ws, int rows, double[] weights,
      double scale, A grad) {
    forward(theta, ws, rows);
    double lossSum = lossAndBackwardAbove(theta, ws, rows, weights, scale, grad);
    layers.get(0).backward(k, theta, ws.x, 0, rows, ws.z.get(0), ws.y.get(0), ws.dy.get(0),
        ws.dz.get(0), ws.ones, grad, ws.dx);
    return lossSum;
  }

  /**
   * {@link #lossSumAndGradient(Object, Workspace, int, double, Object)} with the first layer's
   * X in CSR (B = x.rows()), labels or targets still in ws. Of dW_0 only the rows listed by
   * {@link SparseRows#distinctColumns} change; no dX is computed.
   */
  public double lossSumAndGradient(A theta, SparseRows<A> x, Workspace<A> ws, double scale,
      A grad) {
    return lossSumAndGradient(theta, x, ws, null, scale, grad);
  }

  /** The CSR twin of the weighted dense call; {@code weights[0..x.rows())}, or null. */
  public double lossSumAndGradient(A theta, SparseRows<A> x, Workspace<A> ws, double[] weights,
      double scale, A grad) {
    forward(theta, x, ws);
    double lossSum = lossAndBackwardAbove(theta, ws, x.rows(), weights, scale, grad);
    layers.get(0).backwardSparse(k, x, ws.z.get(0), ws.y.get(0), ws.dy.get(0), ws.dz.get(0),
        ws.ones, grad);
    return lossSum;
  }

  /**
   * After a forward pass: the loss, its gradient (6), and the backward passes of layers
   * L−1 … 1, leaving ∂L/∂Y_0 in ws.dy(0). Returns Σ_b ℓ_b.
   */
  private double lossAndBackwardAbove(A theta, Workspace<A> ws, int rows, double[] weights,
      double scale, A grad) {
    int last = layers.size() - 1;
    // (6) dS = scale·w_b·(softmax(S) − δ) for cross-entropy; scale·w_b·(2/K)(S − T) for MSE
    double lossSum = k.lossSumAndGradient(arch.loss(), ws.y.get(last), rows, arch.outputSize(),
        ws.labels, ws.targets, weights, scale, ws.dy.get(last));
    for (int l = last; l >= 1; l--) {
      layers.get(l).backward(k, theta, ws.y.get(l - 1), 0, rows, ws.z.get(l), ws.y.get(l),
          ws.dy.get(l), ws.dz.get(l), ws.ones, grad, ws.dy.get(l - 1));
    }
    return lossSum;
  }

  /** Forward and the loss only: returns Σ_b ℓ_b over the rows (ws.dy(L−1) is used as scratch). */
  public double lossSum(A theta, Workspace<A> ws, int rows) {
    return lossSum(theta, ws, rows, null);
  }

  /** Σ_b w_b·ℓ_b (forward only); {@code weights[0..rows)}, or null for w_b = 1. */
  public double lossSum(A theta, Workspace<A> ws, int rows, double[] weights) {
    forward(theta, ws, rows);
    return lossOfLastPass(ws, rows, weights);
  }

  /** {@link #lossSum(Object, Workspace, int)} with the first layer's X in CSR (x.rows() rows). */
  public double lossSum(A theta, SparseRows<A> x, Workspace<A> ws) {
    return lossSum(theta, x, ws, null);
  }

  /** The CSR twin of {@link #lossSum(Object, Workspace, int, double[])}. */
  public double lossSum(A theta, SparseRows<A> x, Workspace<A> ws, double[] weights) {
    forward(theta, x, ws);
    return lossOfLastPass(ws, x.rows(), weights);
  }

  private double lossOfLastPass(Workspace<A> ws, int rows, double[] weights) {
    int last = layers.size() - 1;
    return k.lossSumAndGradient(arch.loss(), ws.y.get(last), rows, arch.outputSize(),
        ws.labels, ws.targets, weights, 1.0, ws.dy.get(last));
  }

  /**
   * How many of the first {@code rows} rows of the last pass have their largest output at
   * the true class id in ws.labels (classification only).
   */
  public long countCorrect(Workspace<A> ws, int rows) {
    A s = ws.y.get(layers.size() - 1);
    int kk = arch.outputSize();
    long correct = 0;
    for (int r = 0; r < rows; r++) {
      int best = 0;
      double max = k.get(s, r * kk);
      for (int j = 1; j < kk; j++) {
        double v = k.get(s, r * kk + j);
        if (v > max) {
          max = v;
          best = j;
        }
      }
      if (best == ws.labels[r]) {
        correct++;
      }
    }
    return correct;
  }

  /** Forward, then the loss's output transform (softmax probabilities, or the regression values) into out (rows × K). */
  public void predict(A theta, Workspace<A> ws, int rows, A out) {
    forward(theta, ws, rows);
    k.lossOutput(arch.loss(), ws.y.get(layers.size() - 1), rows, arch.outputSize(), out);
  }

  /** {@link #predict(Object, Workspace, int, Object)} with the first layer's X in CSR (x.rows() × K into out). */
  public void predict(A theta, SparseRows<A> x, Workspace<A> ws, A out) {
    forward(theta, x, ws);
    k.lossOutput(arch.loss(), ws.y.get(layers.size() - 1), x.rows(), arch.outputSize(), out);
  }

  private void checkRows(Workspace<A> ws, int rows) {
    if (rows < 1 || rows > ws.capacity()) {
      throw new IllegalArgumentException("batch of " + rows + " rows for a workspace of capacity "
          + ws.capacity());
    }
    if (!ws.architecture().equals(arch)) {
      throw new IllegalArgumentException("workspace is for " + ws.architecture()
          + ", network is " + arch);
    }
  }

  private void checkDenseInput(Workspace<A> ws) {
    if (!ws.hasDenseInput()) {
      throw new IllegalArgumentException("workspace was made for sparse input (no dense X of "
          + arch.inputSize() + " columns); pass the batch as SparseRows");
    }
  }
}
