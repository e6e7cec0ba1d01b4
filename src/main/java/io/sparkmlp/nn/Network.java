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

  /** grad ← 0, the separate step before a new accumulation. */
  public void zeroGradient(A grad) {
    k.zero(grad, 0, k.length(grad));
  }

  /** Eq. (1) through every layer for X = ws.x (rows × d0); the output is {@code ws.y(L−1)}. */
  public void forward(A theta, Workspace<A> ws, int rows) {
    checkRows(ws, rows);
    A in = ws.x;
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).forward(k, theta, in, 0, rows, ws.z.get(l), ws.y.get(l));
      in = ws.y.get(l);
    }
  }

  /**
   * Forward, loss and backward for the first {@code rows} rows of ws.x against ws.labels
   * (cross-entropy) or ws.targets (MSE). Returns Σ_b ℓ_b; <b>adds</b> scale·∂(Σ_b ℓ_b)/∂θ to
   * {@code grad}. Pass scale = 1/B for ∂L/∂θ of a batch of B, or 1 for a partial sum that a
   * driver normalizes once.
   */
  public double lossSumAndGradient(A theta, Workspace<A> ws, int rows, double scale, A grad) {
    forward(theta, ws, rows);
    int last = layers.size() - 1;
    // (6) dS = scale·(softmax(S) − δ) for cross-entropy; scale·(2/K)(S − T) for MSE
    double lossSum = k.lossSumAndGradient(arch.loss(), ws.y.get(last), rows, arch.outputSize(),
        ws.labels, ws.targets, scale, ws.dy.get(last));
    for (int l = last; l >= 0; l--) {
      A in = l == 0 ? ws.x : ws.y.get(l - 1);
      A dIn = l == 0 ? ws.dx : ws.dy.get(l - 1);
      layers.get(l).backward(k, theta, in, 0, rows, ws.z.get(l), ws.y.get(l), ws.dy.get(l),
          ws.dz.get(l), ws.ones, grad, dIn);
    }
    return lossSum;
  }

  /** Forward and the loss only: returns Σ_b ℓ_b over the rows (ws.dy(L−1) is used as scratch). */
  public double lossSum(A theta, Workspace<A> ws, int rows) {
    forward(theta, ws, rows);
    int last = layers.size() - 1;
    return k.lossSumAndGradient(arch.loss(), ws.y.get(last), rows, arch.outputSize(),
        ws.labels, ws.targets, 1.0, ws.dy.get(last));
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
}
