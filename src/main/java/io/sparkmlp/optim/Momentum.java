package io.sparkmlp.optim;

/**
 * Heavy-ball momentum, PyTorch convention ({@code SGD(momentum=μ, dampening=0)}):
 * <pre>
 *   d ← g + λθ        (λ = 0 outside the decay ranges)
 *   v ← μ·v + d       (v starts at 0, so after step 1 v = d)
 *   θ ← θ − η·v
 * </pre>
 * State: {@code "velocity"} = v. The learning rate multiplies v when it is applied, not when it
 * is accumulated, so changing η mid-run rescales the whole velocity at once.
 */
class Momentum extends AbstractOptimizer {

  private final double mu;
  private final double[] velocity;

  Momentum(OptimizerConfig cfg, DecayRanges decay) {
    this(cfg, decay, Optimizers.MOMENTUM);
  }

  /** For a variant of the rule under its own name ({@link LazyMomentum}). */
  Momentum(OptimizerConfig cfg, DecayRanges decay, String name) {
    super(name, cfg.weightDecay(), decay);
    this.mu = cfg.momentum();
    this.velocity = newStateArray("velocity");
  }

  @Override
  final void update(double[] theta, double[] grad, double lr, double lambda, int from, int to) {
    for (int i = from; i < to; i++) {
      double d = grad[i] + lambda * theta[i];
      velocity[i] = mu * velocity[i] + d;
      theta[i] -= lr * velocity[i];
    }
  }
}
