package io.sparkmlp.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of the training settings of {@link Hyperparams}: each is its default until set,
 * and {@link #set} checks a value against its setting's rule and names the setting in the
 * error. Besides these, where checkpoints go ({@link #checkpointDir()}), which is the run's, not
 * a hyperparameter. Mutable, chainable; copy with {@link #copy()} before sharing.
 */
public final class TrainConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The values set, by {@link Hyperparam#name()}; a setting that is absent has its default. */
  private final Map<String, Object> values = new LinkedHashMap<>();
  /** Directory (any Hadoop FileSystem path) for checkpoints; null turns checkpointing off. */
  private String checkpointDir;

  public TrainConfig copy() {
    TrainConfig c = new TrainConfig();
    for (Hyperparam<?> h : Hyperparams.ALL) {
      copyValue(h, c);
    }
    c.checkpointDir = checkpointDir;
    return c;
  }

  /** The value of {@code h}: the one set, else its default (a copy for arrays). */
  @SuppressWarnings("unchecked")
  public <T> T get(Hyperparam<T> h) {
    Object v = values.get(h.name());
    return v == null ? h.defaultValue() : h.copy((T) v);
  }

  /** Sets {@code h}; {@link IllegalArgumentException} "{@code name = value: why}" if the rule says no. */
  public <T> TrainConfig set(Hyperparam<T> h, T value) {
    values.put(h.name(), h.copy(h.check(value)));
    return this;
  }

  /** Sets the setting named {@code name} from a value of any type its check accepts. */
  public TrainConfig setByName(String name, Object value) {
    Hyperparam<?> h = Hyperparams.byName(name);
    if (h == null) {
      throw new IllegalArgumentException("no training setting named '" + name + "'");
    }
    values.put(name, h.check(value));
    return this;
  }

  /** The loss id, or null for {@code auto} (the task decides). */
  public String loss() {
    String l = get(Hyperparams.LOSS);
    return "auto".equals(l) ? null : l;
  }

  public String checkpointDir() { return checkpointDir; }

  public TrainConfig setCheckpointDir(String v) {
    checkpointDir = v == null || v.isBlank() ? null : v;
    return this;
  }

  /** Every setting by name, for summaries and checkpoints; then {@code checkpointDir}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Hyperparam<?> h : Hyperparams.ALL) {
      m.put(h.name(), get(h));
    }
    m.put("checkpointDir", checkpointDir);
    return m;
  }

  private <T> void copyValue(Hyperparam<T> h, TrainConfig to) {
    if (values.containsKey(h.name())) {
      to.set(h, get(h));
    }
  }
}
