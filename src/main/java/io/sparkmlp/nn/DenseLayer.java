package io.sparkmlp.nn;

import static io.sparkmlp.linalg.Trans.N;
import static io.sparkmlp.linalg.Trans.T;

/**
 * One dense layer, a view into the flat parameter array: W (in × out, row-major) at
 * {@code weightOffset}, b (out) at {@code biasOffset}. It holds no numbers itself.
 *
 * <p>Shapes, for a batch of B rows: X (B, d=in), W (d, h=out), b (h), Z and Y (B, h).
 *
 * <p>As the first layer it can also read X in CSR ({@link SparseRows}): {@link #forwardSparse}
 * and {@link #backwardSparse} cost O(nnz·h) and share the bias, φ and db code of the dense pass.
 */
public final class DenseLayer {
  private final int in;
  private final int out;
  private final Activation act;
  private final int weightOffset;
  private final int biasOffset;

  DenseLayer(Architecture arch, int layer) {
    this.in = arch.size(layer);
    this.out = arch.size(layer + 1);
    this.act = arch.activation(layer);
    this.weightOffset = arch.weightOffset(layer);
    this.biasOffset = arch.biasOffset(layer);
  }

  public int in() { return in; }
  public int out() { return out; }
  public Activation activation() { return act; }

  /**
   * Eq. (1): Z = X·W + b, Y = φ(Z). X is (rows, in) at {@code xOff}; Z and Y (rows, out) are
   * overwritten.
   */
  public <A> void forward(Kernels<A> k, A theta, A x, int xOff, int rows, A z, A y) {
    // (1) Z[B×h] = X[B×d] · W[d×h]                     gemm(N, N)
    k.gemm(N, N, rows, out, in, 1.0, x, xOff, in, theta, weightOffset, out, 0.0, z, 0, out);
    // (1) Z += 1·bᵀ; Y = φ(Z)                           one fused pass
    k.biasActivate(act, z, theta, biasOffset, y, rows, out);
  }

  /**
   * Eqs. (2)–(5), given dY = ∂L/∂Y (rows, out). Writes dZ (rows, out); <b>accumulates</b>
   * dW and db into {@code grad} at this layer's offsets (zeroing is the caller's separate
   * step); writes dX (rows, in) when {@code dx} is not null. {@code ones} holds ≥ rows ones.
   */
  public <A> void backward(Kernels<A> k, A theta, A x, int xOff, int rows, A z, A y, A dy, A dz,
      A ones, A grad, A dx) {
    // (2) dZ[B×h] = dY[B×h] ⊙ φ′(Z)[B×h]
    k.activationBackward(act, z, y, dy, dz, rows * out);
    // (4) dW[d×h] += Xᵀ[d×B] · dZ[B×h]                gemm(T, N)
    k.gemm(T, N, in, out, rows, 1.0, x, xOff, in, dz, 0, out, 1.0, grad, weightOffset, out);
    // (5) db[h] += dZᵀ[h×B] · 1[B]                    gemv(T)
    k.gemv(T, rows, out, 1.0, dz, 0, out, ones, 0, 1.0, grad, biasOffset);
    if (dx != null) {
      // (3) dX[B×d] = dZ[B×h] · Wᵀ[h×d]               gemm(N, T)
      k.gemm(N, T, rows, in, out, 1.0, dz, 0, out, theta, weightOffset, out, 0.0, dx, 0, in);
    }
  }

  /**
   * Eq. (1) with X in CSR, for the first layer: Z = X·W + b, Y = φ(Z), at cost O(nnz·h + B·h)
   * (nothing O(B·d) or O(d·h)). X is (B = x.rows(), d = in) with x.cols() = in; Z and Y
   * (B, out) are overwritten. Bias and φ are the dense path's fused pass.
   */
  public <A> void forwardSparse(Kernels<A> k, A theta, SparseRows<A> x, A z, A y) {
    checkSparseInput(x);
    int rows = x.rows();
    int[] rowPtr = x.rowPtr();
    int[] colIdx = x.colIdx();
    A values = x.values();
    k.zero(z, 0, rows * out);
    for (int b = 0; b < rows; b++) {
      for (int p = rowPtr[b]; p < rowPtr[b + 1]; p++) {
        // (1) Z[b, :][h] += x_bk · W[k, :][h]          axpy, k = colIdx[p]
        k.axpy(out, k.get(values, p), theta, weightOffset + colIdx[p] * out, z, b * out);
      }
    }
    // (1) Z += 1·bᵀ; Y = φ(Z)                           one fused pass
    k.biasActivate(act, z, theta, biasOffset, y, rows, out);
  }

  /**
   * Eqs. (2), (4), (5) with X in CSR (B = x.rows(), d = in), given dY = ∂L/∂Y (B, out).
   * Writes dZ (B, out); <b>accumulates</b> dW and db into {@code grad} at this layer's offsets.
   * Eq. (4) touches only the rows k of dW whose column k of X has a nonzero in the batch
   * ({@link SparseRows#distinctColumns}); eq. (3), dX, is not computed: this is a first layer.
   * {@code ones} holds ≥ B ones.
   */
  public <A> void backwardSparse(Kernels<A> k, SparseRows<A> x, A z, A y, A dy, A dz, A ones,
      A grad) {
    checkSparseInput(x);
    int rows = x.rows();
    int[] rowPtr = x.rowPtr();
    int[] colIdx = x.colIdx();
    A values = x.values();
    // (2) dZ[B×h] = dY[B×h] ⊙ φ′(Z)[B×h]
    k.activationBackward(act, z, y, dy, dz, rows * out);
    for (int b = 0; b < rows; b++) {
      for (int p = rowPtr[b]; p < rowPtr[b + 1]; p++) {
        // (4) dW[k, :][h] += x_bk · dZ[b, :][h]        axpy, k = colIdx[p]
        k.axpy(out, k.get(values, p), dz, b * out, grad, weightOffset + colIdx[p] * out);
      }
    }
    // (5) db[h] += dZᵀ[h×B] · 1[B]                    gemv(T)
    k.gemv(T, rows, out, 1.0, dz, 0, out, ones, 0, 1.0, grad, biasOffset);
  }

  private void checkSparseInput(SparseRows<?> x) {
    if (x.cols() != in) {
      throw new IllegalArgumentException("sparse input: expected " + in + " columns (the layer's input"
          + " size), found " + x.cols());
    }
  }
}
