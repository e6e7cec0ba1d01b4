package io.sparkmlp.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The working buffers of one batch of up to {@code capacity} rows, allocated once and reused
 * for every batch (hot loops do not allocate). All row-major; per layer l: Z_l, Y_l, dY_l, dZ_l
 * (capacity × out_l). Also the input rows X (capacity × d0) and their targets, which callers
 * fill before a pass, and dX (capacity × d0) when the input gradient is wanted. A workspace for
 * sparse input ({@link SparseRows}, e.g. d0 = 2^18 hashed features) holds no dense X: ws.x is
 * empty and only the sparse passes of {@link Network} accept it.
 *
 * <p>Not thread-safe: one workspace per task or thread.
 */
public final class Workspace<A> {
  private final Architecture arch;
  private final int capacity;
  /** Input rows X (capacity × d0), filled by the caller. */
  public final A x;
  /** Class ids for cross-entropy (capacity), filled by the caller. */
  public final int[] labels;
  /** Targets for MSE (capacity × K), filled by the caller; empty for cross-entropy. */
  public final A targets;
  final List<A> z = new ArrayList<>();
  final List<A> y = new ArrayList<>();
  final List<A> dy = new ArrayList<>();
  final List<A> dz = new ArrayList<>();
  /** ∂L/∂X (capacity × d0), or null when not requested. */
  final A dx;
  final A ones;
  private final boolean denseInput;

  Workspace(Kernels<A> k, Architecture arch, int capacity, boolean inputGradient) {
    this(k, arch, capacity, inputGradient, true);
  }

  /** With {@code denseInput} false, X and dX are empty (the input arrives as {@link SparseRows}). */
  Workspace(Kernels<A> k, Architecture arch, int capacity, boolean inputGradient,
      boolean denseInput) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("workspace capacity must be > 0, got " + capacity);
    }
    this.arch = arch;
    this.capacity = capacity;
    this.denseInput = denseInput;
    long inputs = denseInput ? (long) capacity * arch.inputSize() : 0;
    if (inputs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + capacity + " rows × " + arch.inputSize()
          + " features does not fit one array; use a smaller batch");
    }
    this.x = k.alloc((int) inputs);
    boolean classes = arch.loss().isClassification();
    this.labels = new int[classes ? capacity : 0];
    this.targets = k.alloc(classes ? 0 : capacity * arch.outputSize());
    for (int l = 0; l < arch.numLayers(); l++) {
      int n = capacity * arch.size(l + 1);
      z.add(k.alloc(n));
      y.add(k.alloc(n));
      dy.add(k.alloc(n));
      dz.add(k.alloc(n));
    }
    this.dx = inputGradient && denseInput ? k.alloc((int) inputs) : null;
    this.ones = k.alloc(capacity);
    for (int i = 0; i < capacity; i++) {
      k.set(ones, i, 1.0);
    }
  }

  public Architecture architecture() { return arch; }
  public int capacity() { return capacity; }
  /** False for a workspace made for sparse input only: then ws.x and dX are empty. */
  public boolean hasDenseInput() { return denseInput; }
  /** Z_l of the last pass (rows × out_l). */
  public A z(int layer) { return z.get(layer); }
  /** Y_l = φ(Z_l) of the last pass; Y_{L−1} is the loss input. */
  public A y(int layer) { return y.get(layer); }
  /** ∂L/∂Y_l of the last backward pass. */
  public A dy(int layer) { return dy.get(layer); }
  /** ∂L/∂Z_l of the last backward pass. */
  public A dz(int layer) { return dz.get(layer); }
  /** ∂L/∂X of the last backward pass, or null when the workspace was made without it. */
  public A dx() { return dx; }
}
