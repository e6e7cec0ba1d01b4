package io.sparkmlp.ml;

import io.sparkmlp.ml.ScalaInterop.Rule;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.train.Hyperparam;
import io.sparkmlp.train.Hyperparams;
import io.sparkmlp.train.TrainConfig;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The {@link Param} objects of one stage ({@link MlpClassifier}, {@link MlpRegressor} or their
 * models), one per entry of {@link Hyperparams#PARAMS}, created once in the stage's constructor
 * with the stage as parent: the entry's name, doc and default, and its rule as the validator, so
 * that a value is rejected when it is set (or put in a param grid), with a message naming the
 * stage and the param. Reach them through the accessors of {@link MlpParams}.
 */
public final class MlpParamSet implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The value of {@code loss} that means: cross_entropy for a classifier, mse for a regressor. */
  public static final String LOSS_AUTO = "auto";

  private final Map<String, Param<?>> params = new LinkedHashMap<>();

  /** Creates the params with {@code owner} as parent and registers their defaults on it. */
  MlpParamSet(Params owner) {
    for (Hyperparam<?> h : Hyperparams.PARAMS) {
      Param<?> p = create(owner, h);
      params.put(h.name(), p);
      setDefault(owner, p, h.defaultValue());
    }
  }

  /** The Param of {@code h}, typed as its accessor declares it (IntParam for an INT, …). */
  @SuppressWarnings("unchecked")
  <P extends Param<?>> P get(Hyperparam<?> h) {
    Param<?> p = params.get(h.name());
    if (p == null) {
      throw new IllegalArgumentException(h.name() + " is not a Spark ML param of these stages");
    }
    return (P) p;
  }

  /** The {@link TrainConfig} that {@code stage}'s values (set or default) describe. */
  TrainConfig toTrainConfig(Params stage) {
    TrainConfig c = new TrainConfig();
    for (Hyperparam<?> h : Hyperparams.PARAMS) {
      c.setByName(h.name(), stage.getOrDefault(params.get(h.name())));
    }
    return c;
  }

  /** Sets every param of {@code stage} to its value in {@code c}: what a saved model records. */
  void record(Params stage, TrainConfig c) {
    for (Hyperparam<?> h : Hyperparams.PARAMS) {
      set(stage, params.get(h.name()), c.get(h));
    }
  }

  /**
   * Sets hiddenLayers (and, when there are hidden layers, activation) on a model to those of
   * the network it holds, so that its params describe it however it was built.
   */
  void describe(Params model, Architecture arch) {
    int[] sizes = arch.sizes();
    set(model, get(Hyperparams.HIDDEN_LAYERS), Arrays.copyOfRange(sizes, 1, sizes.length - 1));
    if (arch.numLayers() > 1) {
      set(model, get(Hyperparams.ACTIVATION), arch.activation(0).id());
    }
  }

  @SuppressWarnings("unchecked")
  private static void set(Params stage, Param<?> p, Object value) {
    stage.set((Param<Object>) p, value);
  }

  @SuppressWarnings("unchecked")
  private static void setDefault(Params stage, Param<?> p, Object value) {
    stage.setDefault((Param<Object>) p, value);
  }

  /** A Param of the type {@code h} holds; its validator is {@code h}'s rule, found by name. */
  private static Param<?> create(Params owner, Hyperparam<?> h) {
    String name = h.name();
    // Serializable: the validator travels with the stage, so it holds the name, not the entry.
    Rule<Object> rule = v -> Hyperparams.byName(name).check(v);
    var validator = ScalaInterop.validator(owner.uid(), name, rule);
    return switch (h.type()) {
      case INT -> new IntParam(owner, name, h.paramDoc(), validator);
      case LONG -> new LongParam(owner, name, h.paramDoc(), validator);
      case DOUBLE -> new DoubleParam(owner, name, h.paramDoc(), validator);
      case INT_ARRAY -> new IntArrayParam(owner, name, h.paramDoc(), ScalaInterop.validator(owner.uid(), name,
          (Rule<int[]>) v -> Hyperparams.byName(name).check(v)));
      case STRING -> new Param<String>(owner, name, h.paramDoc(), ScalaInterop.validator(owner.uid(), name,
          (Rule<String>) v -> Hyperparams.byName(name).check(v)));
    };
  }
}
