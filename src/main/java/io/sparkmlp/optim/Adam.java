package io.sparkmlp.optim;

/**
 * Adam (Kingma &amp; Ba, 2015) with bias correction, and AdamW (Loshchilov &amp; Hutter, 2019),
 * in PyTorch's formulation. At step t = 1, 2, …:
 * <pre>
 *   adamw only:  θ ← θ − η·λ·θ                 (decoupled decay, λ = 0 outside the decay ranges)
 *   d ← g + λθ   (adam: coupled decay)   or   d ← g   (adamw)
 *   m ← β1·m + (1 − β1)·d
 *   v ← β2·v + (1 − β2)·d²
 *   m̂ = m / (1 − β1^t),   √v̂ = √v / √(1 − β2^t)
 *   θ ← θ − η·m̂ / (√v̂ + ε)                      (ε added after bias correction, as PyTorch)
 * </pre>
 * computed as PyTorch computes it: θ ← θ − (s·m) / (√v / √(1 − β2^t) + ε) with the step size
 * s = η / (1 − β1^t) once per step, so each element costs a square root and two divisions.
 * State: {@code "m"} and {@code "v"}, both starting at 0; t is the optimizer's step count, so it
 * is restored with a checkpoint.
 */
class Adam extends AbstractOptimizer {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean decoupled;
  private final double[] m;
  private final double[] v;
  /** 1 − β1^t for the current step. */
  private double biasCorrection1;
  /** √(1 − β2^t) for the current step. */
  private double biasCorrection2Sqrt;

  /** @param decoupled false for adam (coupled L2), true for adamw (decoupled decay) */
  Adam(OptimizerConfig cfg, DecayRanges decay, boolean decoupled) {
    this(cfg, decay, decoupled, decoupled ? Optimizers.ADAMW : Optimizers.ADAM);
  }

  /** For a variant of the rule under its own name ({@link LazyAdam}). */
  Adam(OptimizerConfig cfg, DecayRanges decay, boolean decoupled, String name) {
    super(name, cfg.weightDecay(), decay);
    this.beta1 = cfg.beta1();
    this.beta2 = cfg.beta2();
    this.epsilon = cfg.epsilon();
    this.decoupled = decoupled;
    this.m = newStateArray("m");
    this.v = newStateArray("v");
  }

  /** StrictMath so that the same t gives the same bits in every JVM mode (checkpoint continuity). */
  @Override
  void beginStep(long t, double lr) {
    biasCorrection1 = 1.0 - StrictMath.pow(beta1, t);
    biasCorrection2Sqrt = Math.sqrt(1.0 - StrictMath.pow(beta2, t));
  }

  @Override
  void update(double[] theta, double[] grad, double lr, double lambda, int from, int to) {
    double stepSize = lr / biasCorrection1;
    for (int i = from; i < to; i++) {
      double d;
      if (decoupled) {
        theta[i] -= lr * lambda * theta[i];
        d = grad[i];
      } else {
        d = grad[i] + lambda * theta[i];
      }
      m[i] = beta1 * m[i] + (1.0 - beta1) * d;
      v[i] = beta2 * v[i] + (1.0 - beta2) * d * d;
      double vHatSqrt = Math.sqrt(v[i]) / biasCorrection2Sqrt;
      theta[i] -= stepSize * m[i] / (vHatSqrt + epsilon);
    }
  }
}
