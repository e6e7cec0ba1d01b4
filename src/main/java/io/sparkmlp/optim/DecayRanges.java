package io.sparkmlp.optim;

import java.util.Arrays;

/**
 * Which indices of the flat parameter array receive weight decay.
 *
 * <p>Stored as sorted, non-overlapping, non-empty half-open ranges [start, end) inside
 * [0, numParams). Indices outside every range (typically the biases) get no decay, neither the
 * coupled L2 term nor AdamW's decoupled shrinkage. Immutable.
 *
 * <p>Example: a single 2→3 layer stored as W (6 values) then b (3 values) decays only W:
 * {@code DecayRanges.of(9, 0, 6)}.
 */
public final class DecayRanges {

  private final int numParams;
  /** Flattened pairs: starts at even indices, ends (exclusive) at odd indices. */
  private final int[] bounds;

  private DecayRanges(int numParams, int[] bounds) {
    this.numParams = numParams;
    this.bounds = bounds;
  }

  /** Every one of the {@code numParams} indices is decayed (PyTorch's default). */
  public static DecayRanges all(int numParams) {
    checkNumParams(numParams);
    return new DecayRanges(numParams, numParams == 0 ? new int[0] : new int[] {0, numParams});
  }

  /** No index is decayed. */
  public static DecayRanges none(int numParams) {
    checkNumParams(numParams);
    return new DecayRanges(numParams, new int[0]);
  }

  /**
   * Decays the given ranges.
   *
   * @param numParams length of the parameter array, ≥ 0
   * @param startEndPairs start0, end0, start1, end1, …: half-open ranges, each non-empty, in
   *     increasing order, not overlapping, and within [0, numParams). Adjacent ranges
   *     ({@code end_i == start_{i+1}}) are allowed and merged.
   * @throws IllegalArgumentException if the pairs are odd in number, empty, out of order,
   *     overlapping or out of bounds; the message names the offending pair
   */
  public static DecayRanges of(int numParams, int... startEndPairs) {
    checkNumParams(numParams);
    if (startEndPairs.length % 2 != 0) {
      throw new IllegalArgumentException("decay ranges: expected start/end pairs, found "
          + startEndPairs.length + " numbers");
    }
    int[] merged = new int[startEndPairs.length];
    int n = 0;
    int previousEnd = 0;
    for (int i = 0; i < startEndPairs.length; i += 2) {
      int start = startEndPairs[i];
      int end = startEndPairs[i + 1];
      String pair = "range " + (i / 2) + " [" + start + ", " + end + ")";
      if (start < 0) {
        throw new IllegalArgumentException("decay ranges: " + pair + " starts below 0");
      }
      if (start < previousEnd) {
        throw new IllegalArgumentException("decay ranges: " + pair
            + " starts before the previous range ends at " + previousEnd
            + " (expected sorted, non-overlapping ranges)");
      }
      if (end <= start) {
        throw new IllegalArgumentException("decay ranges: " + pair
            + " is empty or reversed (expected start < end)");
      }
      if (end > numParams) {
        throw new IllegalArgumentException("decay ranges: " + pair
            + " exceeds numParams = " + numParams);
      }
      if (n > 0 && merged[n - 1] == start) {
        merged[n - 1] = end; // adjacent: extend the previous range
      } else {
        merged[n++] = start;
        merged[n++] = end;
      }
      previousEnd = end;
    }
    return new DecayRanges(numParams, Arrays.copyOf(merged, n));
  }

  /** Length of the parameter array these ranges describe. */
  public int numParams() {
    return numParams;
  }

  /** Number of (merged) ranges. */
  public int rangeCount() {
    return bounds.length / 2;
  }

  /** Start (inclusive) of range {@code i}, 0 ≤ i &lt; {@link #rangeCount()}. */
  public int start(int i) {
    return bounds[2 * i];
  }

  /** End (exclusive) of range {@code i}, 0 ≤ i &lt; {@link #rangeCount()}. */
  public int end(int i) {
    return bounds[2 * i + 1];
  }

  /** Whether index {@code k} of the parameter array is decayed. */
  public boolean isDecayed(int k) {
    for (int i = 0; i < bounds.length; i += 2) {
      if (k >= bounds[i] && k < bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** The ranges as start/end pairs, suitable for {@link #of(int, int...)} (a copy). */
  public int[] toPairs() {
    return bounds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecayRanges other
        && other.numParams == numParams
        && Arrays.equals(other.bounds, bounds);
  }

  @Override
  public int hashCode() {
    return 31 * numParams + Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DecayRanges(numParams=").append(numParams).append(", [");
    for (int i = 0; i < bounds.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append('[').append(bounds[i]).append(", ")
          .append(bounds[i + 1]).append(')');
    }
    return sb.append("])").toString();
  }

  private static void checkNumParams(int numParams) {
    if (numParams < 0) {
      throw new IllegalArgumentException("numParams: expected ≥ 0, found " + numParams);
    }
  }
}
