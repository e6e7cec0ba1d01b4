package io.sparkmlp.linalg;

/** Whether a GEMM/GEMV operand is used as stored ({@link #N}) or transposed ({@link #T}). */
public enum Trans {
  N,
  T;

  /** The Fortran flag netlib expects. */
  String flag() {
    return this == N ? "N" : "T";
  }
}
