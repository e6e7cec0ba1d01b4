package io.sparkmlp.optim;

/**
 * {@link Optimizers#LAZY_ADAM}: Adam's rule, with coupled L2 decay, applied to the rows of W₀ a
 * sparse batch touched and to every parameter after W₀. The rows of W₀ the batch did not touch
 * keep θ, m and v as they were: their moments do not decay and weight decay does not shrink them
 * in that step. Bias correction is the global step's, 1 − β^t, as Adam's. With dense input (no
 * touched rows given) it is Adam, bit for bit.
 */
final class LazyAdam extends Adam {

  LazyAdam(OptimizerConfig cfg, DecayRanges decay) {
    super(cfg, decay, false, Optimizers.LAZY_ADAM);
  }

  @Override
  public void step(double[] theta, double[] grad, double lr, int[] rows0, int d, int h) {
    if (rows0 == null) {
      step(theta, grad, lr);
      return;
    }
    stepRows(theta, grad, lr, rows0, d, h);
  }

  @Override
  public boolean updatesOnlyTouchedRows() {
    return true;
  }
}
