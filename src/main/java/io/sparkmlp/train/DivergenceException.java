package io.sparkmlp.train;

/**
 * Training stopped because the loss or the gradient became NaN or infinite. Nothing is saved
 * from the diverged weights.
 */
public final class DivergenceException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  DivergenceException(long step, String where, double lastFiniteLoss) {
    super("training diverged at step " + step + ": " + where + "; last finite loss "
        + (Double.isNaN(lastFiniteLoss) ? "none (first step)" : String.format("%.6g", lastFiniteLoss))
        + ". No model was saved from these weights. Usual fixes: a lower learning rate,"
        + " gradient clipping (--grad-clip or setGradClip, e.g. 1.0), standardised inputs.");
  }
}
