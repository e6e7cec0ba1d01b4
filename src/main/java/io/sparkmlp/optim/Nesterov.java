package io.sparkmlp.optim;

/**
 * Nesterov momentum, PyTorch convention ({@code SGD(momentum=μ, nesterov=True, dampening=0)}):
 * <pre>
 *   d ← g + λθ        (λ = 0 outside the decay ranges)
 *   v ← μ·v + d       (v starts at 0)
 *   θ ← θ − η·(d + μ·v)
 * </pre>
 * State: {@code "velocity"} = v. With μ = 0 this is plain sgd.
 */
final class Nesterov extends AbstractOptimizer {

  private final double mu;
  private final double[] velocity;

  Nesterov(OptimizerConfig cfg, DecayRanges decay) {
    super(Optimizers.NESTEROV, cfg.weightDecay(), decay);
    this.mu = cfg.momentum();
    this.velocity = newStateArray("velocity");
  }

  @Override
  void update(double[] theta, double[] grad, double lr, double lambda, int from, int to) {
    for (int i = from; i < to; i++) {
      double d = grad[i] + lambda * theta[i];
      velocity[i] = mu * velocity[i] + d;
      theta[i] -= lr * (d + mu * velocity[i]);
    }
  }
}
