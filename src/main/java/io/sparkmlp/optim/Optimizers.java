package io.sparkmlp.optim;

import java.util.List;
import java.util.Locale;

/** Creates {@link Optimizer}s by name. */
public final class Optimizers {

  /** Plain gradient descent: θ ← θ − η·(g + λθ). */
  public static final String SGD = "sgd";
  /** Heavy-ball momentum, PyTorch convention: v ← μv + g; θ ← θ − ηv. */
  public static final String MOMENTUM = "momentum";
  /** Nesterov momentum, PyTorch convention: v ← μv + g; θ ← θ − η(g + μv). */
  public static final String NESTEROV = "nesterov";
  /** Adam with bias correction and coupled L2 decay. */
  public static final String ADAM = "adam";
  /** Adam with decoupled weight decay (θ ← θ − ηλθ before the Adam step). */
  public static final String ADAMW = "adamw";

  /**
   * Adam that, for sparse input, updates only the rows of the first layer's W₀ that the batch
   * touched, as PyTorch's SparseAdam and TensorFlow's LazyAdam do: an untouched row keeps θ, m and
   * v (no moment decay, no weight decay) until a batch touches it again. Bias correction uses the
   * global step t. Biases, later layers, and W₀ when the input is dense, follow {@link #ADAM}.
   */
  public static final String LAZY_ADAM = "lazy_adam";

  /**
   * Momentum that, for sparse input, updates only the rows of W₀ the batch touched: an untouched
   * row keeps θ and its velocity (no decay of v, no step by μ·v, no weight decay) until a batch
   * touches it again. Everything else, and W₀ when the input is dense, follows {@link #MOMENTUM}.
   * ({@link #SGD} without weight decay needs no lazy variant: it is already exact on touched rows.)
   */
  public static final String LAZY_MOMENTUM = "lazy_momentum";

  /** Every valid name, in the order above. */
  public static final List<String> NAMES = List.of(SGD, MOMENTUM, NESTEROV, ADAM, ADAMW, LAZY_ADAM, LAZY_MOMENTUM);

  private Optimizers() {
  }

  /**
   * A fresh optimizer with zeroed state and step count 0.
   *
   * @param name one of {@link #NAMES}; case and surrounding blanks are ignored
   * @param cfg hyperparameters, already validated by its setters; values are copied
   * @param decay which indices get weight decay; its {@link DecayRanges#numParams()} fixes the
   *     optimizer's parameter count. Use {@link DecayRanges#all(int)} to decay everything,
   *     or ranges covering only the weights to exclude the biases.
   * @throws IllegalArgumentException for an unknown name (the message lists {@link #NAMES})
   */
  public static Optimizer create(String name, OptimizerConfig cfg, DecayRanges decay) {
    if (cfg == null || decay == null) {
      throw new IllegalArgumentException("Optimizers.create: expected a config and decay ranges, found "
          + (cfg == null ? "null config" : "null decay ranges"));
    }
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (key) {
      case SGD -> new Sgd(cfg, decay);
      case MOMENTUM -> new Momentum(cfg, decay);
      case NESTEROV -> new Nesterov(cfg, decay);
      case ADAM -> new Adam(cfg, decay, false);
      case ADAMW -> new Adam(cfg, decay, true);
      case LAZY_ADAM -> new LazyAdam(cfg, decay);
      case LAZY_MOMENTUM -> new LazyMomentum(cfg, decay);
      default -> throw new IllegalArgumentException(
          "Unknown optimizer '" + name + "'; expected one of " + NAMES);
    };
  }
}
