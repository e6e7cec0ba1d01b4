package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.optim.TouchedSpans;

/** The per-step check that stops training as soon as the loss or a gradient is NaN or infinite. */
final class Divergence {
  private Divergence() {}

  /**
   * What one pass over a step's gradient gives: ‖∂L/∂W_l‖₂ per layer (for the check, the
   * progress plots and the step's record) and Σ gᵢ² over all of θ in index order (for the global
   * norm and clipping, {@link io.sparkmlp.optim.GradientClipping#clipGlobalNorm(double[], double,
   * TouchedSpans, double)}).
   */
  record Norms(double[] layers, double sumOfSquares) {}

  /**
   * The per-layer norms and the global sum of squares of the normalized gradient, which is zero
   * outside {@code spans} (only the spans are read), in one pass; or throws
   * {@link DivergenceException} naming the step, the first non-finite layer (or the loss) and the
   * last finite loss. Each sum adds its terms in index order, so it has the bits of its own loop
   * ({@link TouchedSpans#sumOfSquares(double[], int, int)} over a layer's weights, or over θ).
   */
  static Norms check(Architecture arch, double[] grad, TouchedSpans spans, double loss, long step,
      double lastFiniteLoss) {
    int layers = arch.numLayers();
    double[] norms = new double[layers];
    double total = 0.0;
    int[] rows0 = spans.rows0();
    int h = arch.size(1);
    for (int l = 0; l < layers; l++) {
      double w = 0.0;
      if (l == 0 && rows0 != null) {
        // only W₀'s touched rows can be nonzero
        for (int r : rows0) {
          for (int i = r * h, e = i + h; i < e; i++) {
            double q = grad[i] * grad[i];
            w += q;
            total += q;
          }
        }
      } else {
        for (int i = arch.weightOffset(l), e = arch.biasOffset(l); i < e; i++) {
          double q = grad[i] * grad[i];
          w += q;
          total += q;
        }
      }
      double b = 0;
      for (int i = arch.biasOffset(l), e = i + arch.size(l + 1); i < e; i++) {
        b += grad[i];
        total += grad[i] * grad[i];
      }
      norms[l] = Math.sqrt(w);
      if (!Double.isFinite(norms[l]) || !Double.isFinite(b)) {
        throw new DivergenceException(step, "the gradient of layer " + l + " (" + arch.size(l)
            + "→" + arch.size(l + 1) + ") is " + (Double.isNaN(norms[l] + b) ? "NaN" : "infinite")
            + (Double.isFinite(loss) ? "" : " and the loss is " + loss), lastFiniteLoss);
      }
    }
    if (!Double.isFinite(loss)) {
      throw new DivergenceException(step, "the loss is " + loss, lastFiniteLoss);
    }
    return new Norms(norms, total);
  }
}
