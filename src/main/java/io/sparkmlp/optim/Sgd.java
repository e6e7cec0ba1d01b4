package io.sparkmlp.optim;

/**
 * Plain stochastic gradient descent, with coupled L2 decay (PyTorch's {@code SGD}, momentum 0):
 * <pre>
 *   d ← g + λθ        (λ = 0 outside the decay ranges)
 *   θ ← θ − η·d
 * </pre>
 * No state arrays. Without weight decay a row of W₀ that a sparse batch did not touch has g = 0
 * and stays as it is (θ − η·0 = θ), so with touched rows given the step visits only those rows
 * (and everything after W₀), with the same bits as the whole step.
 */
final class Sgd extends AbstractOptimizer {

  Sgd(OptimizerConfig cfg, DecayRanges decay) {
    super(Optimizers.SGD, cfg.weightDecay(), decay);
  }

  @Override
  public void step(double[] theta, double[] grad, double lr, int[] rows0, int d, int h) {
    if (rows0 == null || !updatesOnlyTouchedRows()) {
      step(theta, grad, lr);
    } else {
      stepRows(theta, grad, lr, rows0, d, h);
    }
  }

  @Override
  public boolean updatesOnlyTouchedRows() {
    return weightDecay() == 0.0;
  }

  @Override
  void update(double[] theta, double[] grad, double lr, double lambda, int from, int to) {
    for (int i = from; i < to; i++) {
      double d = grad[i] + lambda * theta[i];
      theta[i] -= lr * d;
    }
  }
}
