package io.sparkmlp.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The shape of a network and the layout of its one flat parameter array. Immutable.
 *
 * <p>Layer l (0-based, L layers) maps sizes[l] inputs to sizes[l+1] outputs with activation
 * activations[l]; the last layer's output is the loss input (logits for cross-entropy).
 * Layout of θ, layer after layer: W_l as a row-major (in × out) block, then b_l (out). The
 * gradient array has the same layout.
 */
public final class Architecture implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] sizes;
  private final Activation[] activations;
  private final Loss loss;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final int numParams;

  /**
   * @param sizes layer widths d0, d1, …, dL (at least two, each &gt; 0)
   * @param activations one per layer (L entries)
   * @param loss the loss on the last layer's output
   */
  public Architecture(int[] sizes, Activation[] activations, Loss loss) {
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException("layers: need at least an input and an output size, got "
          + Arrays.toString(sizes));
    }
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] <= 0) {
        throw new IllegalArgumentException("layers: size at position " + i + " must be > 0, got "
            + sizes[i] + " in " + Arrays.toString(sizes));
      }
    }
    if (activations.length != sizes.length - 1) {
      throw new IllegalArgumentException("need one activation per layer: " + (sizes.length - 1)
          + " layers but " + activations.length + " activations");
    }
    if (loss == Loss.CROSS_ENTROPY && sizes[sizes.length - 1] < 2) {
      throw new IllegalArgumentException("cross_entropy needs at least 2 output classes, got "
          + sizes[sizes.length - 1]);
    }
    this.sizes = sizes.clone();
    this.activations = activations.clone();
    this.loss = loss;
    int layers = sizes.length - 1;
    this.weightOffsets = new int[layers];
    this.biasOffsets = new int[layers];
    long off = 0;
    for (int l = 0; l < layers; l++) {
      weightOffsets[l] = (int) off;
      off += (long) sizes[l] * sizes[l + 1];
      biasOffsets[l] = (int) Math.min(off, Integer.MAX_VALUE);
      off += sizes[l + 1];
      if (off > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("layers " + Arrays.toString(sizes) + " need " + off
            + "+ parameters, more than one Java array holds (2^31 - 9)");
      }
    }
    this.numParams = (int) off;
  }

  /** Hidden layers share one activation; the output layer has its own (identity for logits). */
  public static Architecture of(int[] sizes, Activation hidden, Activation output, Loss loss) {
    Activation[] acts = new Activation[sizes.length - 1];
    Arrays.fill(acts, hidden);
    if (acts.length > 0) {
      acts[acts.length - 1] = output;
    }
    return new Architecture(sizes, acts, loss);
  }

  public int numLayers() { return sizes.length - 1; }
  public int inputSize() { return sizes[0]; }
  public int outputSize() { return sizes[sizes.length - 1]; }
  /** Width d_i of the i-th level (0 = input). */
  public int size(int i) { return sizes[i]; }
  public int[] sizes() { return sizes.clone(); }
  public Activation activation(int layer) { return activations[layer]; }
  public Loss loss() { return loss; }
  /** Offset of W_l (in × out, row-major) in θ. */
  public int weightOffset(int layer) { return weightOffsets[layer]; }
  /** Offset of b_l (out) in θ. */
  public int biasOffset(int layer) { return biasOffsets[layer]; }
  /** Total number of parameters, Σ_l (in_l·out_l + out_l). */
  public int numParams() { return numParams; }

  /** Multiply-adds of one sample's forward pass, Σ_l in_l·out_l (a pass costs 6× this in FLOPs with backward). */
  public long macsPerSample() {
    long s = 0;
    for (int l = 0; l < numLayers(); l++) {
      s += (long) sizes[l] * sizes[l + 1];
    }
    return s;
  }

  /** E.g. {@code 784-300(relu)-100(relu)-10(identity) cross_entropy, 266610 params}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(sizes[0]);
    for (int l = 0; l < numLayers(); l++) {
      sb.append('-').append(sizes[l + 1]).append('(').append(activations[l].id()).append(')');
    }
    return sb.append(' ').append(loss.id()).append(", ").append(numParams).append(" params").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture a && Arrays.equals(sizes, a.sizes)
        && Arrays.equals(activations, a.activations) && loss == a.loss;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(sizes) + Arrays.hashCode(activations)) + loss.hashCode();
  }
}
