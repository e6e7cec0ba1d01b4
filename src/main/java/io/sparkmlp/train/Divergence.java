package io.sparkmlp.train;

import io.sparkmlp.nn.Architecture;
import io.sparkmlp.optim.TouchedSpans;

/** The per-step check that stops training as soon as the loss or a gradient is NaN or infinite. */
final class Divergence {
  private Divergence() {}

  /**
   * Returns ‖∂L/∂W_l‖₂ for each layer of the normalized gradient, which is zero outside
   * {@code spans} (only the spans are read), or throws {@link DivergenceException} naming the
   * step, the first non-finite layer (or the loss) and the last finite loss.
   */
  static double[] check(Architecture arch, double[] grad, TouchedSpans spans, double loss, long step,
      double lastFiniteLoss) {
    double[] norms = new double[arch.numLayers()];
    for (int l = 0; l < norms.length; l++) {
      double w = spans.sumOfSquares(grad, arch.weightOffset(l), arch.biasOffset(l));
      double b = 0;
      for (int i = arch.biasOffset(l); i < arch.biasOffset(l) + arch.size(l + 1); i++) {
        b += grad[i];
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
    return norms;
  }
}
