/**
 * The one BLAS façade of sparkmlp: {@link io.sparkmlp.linalg.Blas}.
 *
 * <p>Every matrix here is <b>row-major</b>: element (i, j) of an m×n matrix with leading
 * dimension ld sits at {@code a[off + i·ld + j]}, and {@code ld ≥ n}. This is the storage of
 * every buffer in {@code io.sparkmlp.nn} (rows are samples). The façade maps each call onto
 * netlib's column-major routines by computing Cᵀ = op(B)ᵀ·op(A)ᵀ, which leaves the transpose
 * flags unchanged and swaps the operands; callers never see that.
 */
package io.sparkmlp.linalg;
