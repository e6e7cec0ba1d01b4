package io.sparkmlp.optim;

/**
 * Plain stochastic gradient descent, with coupled L2 decay (PyTorch's {@code SGD}, momentum 0):
 * <pre>
 *   d ← g + λθ        (λ = 0 outside the decay ranges)
 *   θ ← θ − η·d
 * </pre>
 * No state arrays.
 */
final class Sgd extends AbstractOptimizer {

  Sgd(OptimizerConfig cfg, DecayRanges decay) {
    super(Optimizers.SGD, cfg.weightDecay(), decay);
  }

  @Override
  void update(double[] theta, double[] grad, double lr, double lambda, int from, int to) {
    for (int i = from; i < to; i++) {
      double d = grad[i] + lambda * theta[i];
      theta[i] -= lr * d;
    }
  }
}
