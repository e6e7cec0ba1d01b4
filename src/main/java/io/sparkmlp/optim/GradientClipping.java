package io.sparkmlp.optim;

/** Clipping of the flat gradient by its global L2 norm, ‖g‖₂ over every layer at once. */
public final class GradientClipping {

  /**
   * Below this sum of squares some squares may have underflowed to subnormals or zero, so the
   * norm is recomputed with scaling. 2^-900 leaves ~120 binades of headroom above
   * Double.MIN_NORMAL, so the lost terms are negligible relative to anything above it.
   */
  private static final double SMALL_SUM_OF_SQUARES = 0x1p-900;

  private GradientClipping() {
  }

  /**
   * Scales {@code grad} in place so that its global L2 norm is at most {@code maxNorm}.
   *
   * <p>If the norm n exceeds maxNorm, every element is multiplied by maxNorm / n (so the new
   * norm is maxNorm up to rounding); otherwise grad is unchanged. Unlike PyTorch's
   * {@code clip_grad_norm_}, no 1e-6 is added to n.
   *
   * <p>Non-finite gradients: if any element is NaN the norm is NaN; otherwise if any element is
   * ±Inf, or the norm of finite elements overflows, the norm is +Inf. In both cases grad is
   * <b>left unchanged</b> (scaling by maxNorm/NaN or maxNorm/Inf would silently turn it into
   * NaNs or zeros) and the non-finite norm is returned: the caller must treat it as divergence
   * and not step.
   *
   * @param grad the gradient, any length; modified in place when clipped
   * @param maxNorm the threshold; ≤ 0 or +Inf means clipping is off (the norm is still computed
   *     and returned, e.g. for logging)
   * @return the norm before clipping
   * @throws IllegalArgumentException if maxNorm is NaN
   */
  public static double clipGlobalNorm(double[] grad, double maxNorm) {
    return clipGlobalNorm(grad, maxNorm, TouchedSpans.all(grad.length));
  }

  /**
   * {@link #clipGlobalNorm(double[], double)} for a gradient that is zero outside {@code spans}:
   * the norm and the scaling visit only the spans, with the bits of the whole-array version.
   */
  public static double clipGlobalNorm(double[] grad, double maxNorm, TouchedSpans spans) {
    if (Double.isNaN(maxNorm)) {
      throw new IllegalArgumentException("maxNorm: expected a number (<= 0 or +Inf for off), found NaN");
    }
    return clip(grad, maxNorm, spans, globalNorm(grad, spans));
  }

  /**
   * {@link #clipGlobalNorm(double[], double, TouchedSpans)} for a caller that has already summed
   * the squares of the spans in index order ({@code sumOfSquares}, the sum
   * {@link TouchedSpans#sumOfSquares(double[], int, int)} gives over the whole array): the same
   * norm and the same bits, without another pass over the gradient.
   */
  public static double clipGlobalNorm(double[] grad, double maxNorm, TouchedSpans spans, double sumOfSquares) {
    if (Double.isNaN(maxNorm)) {
      throw new IllegalArgumentException("maxNorm: expected a number (<= 0 or +Inf for off), found NaN");
    }
    return clip(grad, maxNorm, spans, normOfSum(sumOfSquares, grad, spans));
  }

  private static double clip(double[] grad, double maxNorm, TouchedSpans spans, double norm) {
    boolean on = maxNorm > 0 && maxNorm != Double.POSITIVE_INFINITY;
    if (on && Double.isFinite(norm) && norm > maxNorm) {
      spans.scale(grad, maxNorm / norm);
    }
    return norm;
  }

  /**
   * The L2 norm √(Σ gᵢ²) of the whole array, without spurious overflow or underflow: values
   * up to Double.MAX_VALUE and down to subnormals give the right norm (to rounding). NaN if any
   * element is NaN, +Inf if any is infinite (and none is NaN) or the true norm exceeds
   * Double.MAX_VALUE; 0 for an empty array. Does not modify {@code g}.
   */
  public static double globalNorm(double[] g) {
    return globalNorm(g, TouchedSpans.all(g.length));
  }

  /** {@link #globalNorm(double[])} of a gradient that is zero outside {@code spans}. */
  public static double globalNorm(double[] g, TouchedSpans spans) {
    return normOfSum(spans.sumOfSquares(g, 0, g.length), g, spans);
  }

  /** The norm from Σ gᵢ² over the spans in index order, rescaled where that sum under- or overflowed. */
  private static double normOfSum(double sum, double[] g, TouchedSpans spans) {
    if (Double.isNaN(sum)) {
      return Double.NaN;
    }
    if (sum != Double.POSITIVE_INFINITY && sum >= SMALL_SUM_OF_SQUARES) {
      return Math.sqrt(sum); // the common case: one pass
    }
    return scaledNorm(g, spans);
  }

  /** Two-pass norm: max|gᵢ|·√(Σ (gᵢ / max|gᵢ|)²). g holds no NaN here. */
  private static double scaledNorm(double[] g, TouchedSpans spans) {
    double maxAbs = spans.maxAbs(g);
    if (maxAbs == 0.0 || maxAbs == Double.POSITIVE_INFINITY) {
      return maxAbs;
    }
    // (gᵢ / max|gᵢ|)² is in [0, 1]: no overflow; a rare path, so divide rather than multiply
    return maxAbs * Math.sqrt(spans.sumOfSquares(g, maxAbs));
  }
}
