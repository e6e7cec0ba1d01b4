/**
 * The closed-form MLP engine: no autograd, no Spark. Equation numbers refer to the seed,
 * "BP equations for MLPs".
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>X is (B, d): rows are samples. W is (d, h), b is (h). Z = X·W + b and Y = φ(Z) are (B, h).
 *   <li>Every buffer is row-major: element (i, j) of an (r, c) matrix sits at {@code i·c + j}.
 *   <li>θ is one flat array: for each layer in order, W (d×h, row-major), then b (h)
 *       ({@link io.sparkmlp.nn.Architecture}). The gradient array has the same layout.
 *   <li>The gradient always means ∂L/∂θ (or a sum of ∂ℓ_b/∂θ that the caller divides once);
 *       backward passes <em>accumulate</em> into it, and zeroing is a separate step.
 *   <li>L = (1/B)·Σ_b ℓ_b for both losses.
 *   <li>One engine for float64 and float32: {@link io.sparkmlp.nn.Kernels} hides the array
 *       type; BLAS is reached only through {@link io.sparkmlp.linalg.Blas}.
 * </ul>
 *
 * <h2>Where each equation lives</h2>
 * <ul>
 *   <li>(1) forward: {@link io.sparkmlp.nn.DenseLayer#forward}, bias and φ fused in
 *       {@link io.sparkmlp.nn.Activation#forward(double[], int, double[], int, double[], int, int)}
 *   <li>(2) dZ = dY ⊙ φ′(Z): {@link io.sparkmlp.nn.Activation#backward(double[], double[], double[], double[], int, int)}
 *   <li>(3) dX = dZ·Wᵀ, (4) dW = Xᵀ·dZ, (5) db = 1ᵀ·dZ: {@link io.sparkmlp.nn.DenseLayer#backward}
 *   <li>(6) dS = (softmax(S) − δ)/B: {@link io.sparkmlp.nn.Loss#CROSS_ENTROPY}
 *   <li>(1) with X in CSR ({@link io.sparkmlp.nn.SparseRows}), Z[b, :] += x_bk·W[k, :] per
 *       nonzero: {@link io.sparkmlp.nn.DenseLayer#forwardSparse}
 *   <li>(4) with X in CSR, dW[k, :] += x_bk·dZ[b, :] per nonzero (only the rows
 *       {@link io.sparkmlp.nn.SparseRows#distinctColumns} lists), with (2) and (5) as dense and
 *       no (3): {@link io.sparkmlp.nn.DenseLayer#backwardSparse}
 * </ul>
 */
package io.sparkmlp.nn;
