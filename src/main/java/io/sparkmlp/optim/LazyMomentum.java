package io.sparkmlp.optim;

/**
 * {@link Optimizers#LAZY_MOMENTUM}: heavy-ball momentum ({@link Momentum}) applied to the rows of
 * W₀ a sparse batch touched and to every parameter after W₀. An untouched row keeps θ and its
 * velocity: the velocity neither decays nor moves θ until a batch touches the row again, and
 * weight decay skips it that step. This differs from {@code momentum}, where an untouched row
 * keeps moving by μ·v. With dense input (no touched rows given) it is momentum, bit for bit.
 */
final class LazyMomentum extends Momentum {

  LazyMomentum(OptimizerConfig cfg, DecayRanges decay) {
    super(cfg, decay, Optimizers.LAZY_MOMENTUM);
  }

  @Override
  public void step(double[] theta, double[] grad, double lr, int[] rows0, int d, int h) {
    if (rows0 == null) {
      step(theta, grad, lr);
    } else {
      stepRows(theta, grad, lr, rows0, d, h);
    }
  }

  @Override
  public boolean updatesOnlyTouchedRows() {
    return true;
  }
}
