package io.sparkmlp.train;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.optim.LrSchedules;
import io.sparkmlp.optim.OptimizerConfig;
import io.sparkmlp.optim.Optimizers;
import io.sparkmlp.train.Hyperparam.Group;
import io.sparkmlp.train.Hyperparam.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Every training setting, declared once: name, conf key, Spark ML Param or not, type, default,
 * rule and doc. {@link TrainConfig} holds values of these; the Spark ML stages create their
 * Params from {@link #PARAMS}; the train job's keys, its {@code --help} and
 * {@code docs/config.md} list {@link #ALL}. Adding a setting is one entry here plus the code that
 * uses it (and, for a Param, its one-line accessors in {@code ml.MlpParams}).
 */
public final class Hyperparams {
  private static final List<Hyperparam<?>> ENTRIES = new ArrayList<>();

  // ---------------------------------------------------------------- the network

  public static final Hyperparam<int[]> HIDDEN_LAYERS = add(new Hyperparam<>(Group.MODEL, "hiddenLayers",
      "hidden", Type.INT_ARRAY, new int[] {300, 100})).param().rule(Hyperparams::widths)
      .doc("Hidden layer widths, e.g. 300,100; the input width comes from the features, the output "
          + "width from the labels.");
  public static final Hyperparam<String> ACTIVATION = add(text(Group.MODEL, "activation", "activation", "relu"))
      .param().choices(Arrays.stream(Activation.values()).map(Activation::id).toList())
      .doc("Activation of the hidden layers (the output layer is linear).");
  /** {@code auto}: cross_entropy for a classifier, mse for a regressor. */
  public static final Hyperparam<String> LOSS = add(text(Group.MODEL, "loss", "loss", "auto")).param()
      .choices(concat("auto", Arrays.stream(Loss.values()).map(Loss::id).toList()))
      .defaultText("auto: cross_entropy for classification, mse for regression")
      .doc("The loss; it must suit the task.");

  // ---------------------------------------------------------------- optimization

  public static final Hyperparam<String> OPTIMIZER = add(text(Group.OPTIMIZATION, "optimizer", "optimizer", "adam"))
      .param().choices(Optimizers.NAMES).doc("The update rule.");
  public static final Hyperparam<Double> LEARNING_RATE = add(real(Group.OPTIMIZATION, "learningRate", "lr", 1e-3))
      .param().label("RATE").rule(Hyperparams::positive).doc("Base learning rate η (> 0).");
  public static final Hyperparam<String> LR_SCHEDULE = add(text(Group.OPTIMIZATION, "lrSchedule", "lr-schedule",
      "constant")).param().choices(LrSchedules.NAMES).doc("Learning-rate schedule after the warm-up (step:"
          + " ×lr-gamma every lr-step-size steps; cosine: down to min-lr at the end).");
  public static final Hyperparam<Integer> WARMUP_STEPS = add(integer(Group.OPTIMIZATION, "warmupSteps",
      "warmup-steps", 0)).param().rule(atLeast(0)).doc("Steps of linear warm-up from 0 to the learning rate.");
  public static final Hyperparam<Integer> LR_STEP_SIZE = add(integer(Group.OPTIMIZATION, "lrStepSize",
      "lr-step-size", 0)).param().rule(atLeast(0)).doc("Step schedule: steps between decays (0 = a third"
          + " of the run).");
  public static final Hyperparam<Double> LR_GAMMA = add(real(Group.OPTIMIZATION, "lrGamma", "lr-gamma", 0.1))
      .param().label("F").rule(Hyperparams::positive).doc("Step schedule: the factor η is multiplied by (> 0).");
  public static final Hyperparam<Double> MIN_LEARNING_RATE = add(real(Group.OPTIMIZATION, "minLearningRate",
      "min-lr", 0.0)).param().label("RATE").rule(Hyperparams::nonNegative)
      .doc("Cosine schedule: the floor η decays to.");
  public static final Hyperparam<Double> MOMENTUM = add(real(Group.OPTIMIZATION, "momentum", "momentum",
      OptimizerConfig.DEFAULT_MOMENTUM)).param().label("MU").rule(Hyperparams::fraction)
      .doc("Momentum μ of momentum and nesterov, in [0, 1).");
  public static final Hyperparam<Double> WEIGHT_DECAY = add(real(Group.OPTIMIZATION, "weightDecay", "weight-decay",
      OptimizerConfig.DEFAULT_WEIGHT_DECAY)).param().label("LAMBDA").rule(Hyperparams::nonNegative)
      .doc("L2 weight decay λ on the weights, not the biases (decoupled for adamw).");
  public static final Hyperparam<Double> ADAM_BETA2 = add(real(Group.OPTIMIZATION, "adamBeta2", "adam-beta2",
      OptimizerConfig.DEFAULT_BETA2)).param().label("B2").rule(Hyperparams::fraction)
      .doc("β2 of adam and adamw, the decay rate of the second-moment estimate, in [0, 1); lower"
          + " values (0.98, 0.95) adapt faster, which helps with large batches.");
  public static final Hyperparam<Double> GRAD_CLIP = add(real(Group.OPTIMIZATION, "gradClip", "grad-clip", 0.0))
      .param().label("NORM").rule(Hyperparams::nonNegative).doc("Clip the global gradient norm to this (0 = off).");
  public static final Hyperparam<Integer> BATCH_SIZE = add(integer(Group.OPTIMIZATION, "batchSize", "batch-size",
      128)).param().rule(atLeast(1)).doc("Global mini-batch size B, split over the partitions; one Spark job"
          + " per batch.");
  public static final Hyperparam<Integer> MAX_EPOCHS = add(integer(Group.OPTIMIZATION, "maxEpochs", "epochs", 10))
      .param().rule(atLeast(1)).doc("Passes over the training rows (fewer with early stopping).");
  public static final Hyperparam<String> PRECISION = add(text(Group.OPTIMIZATION, "precision", "precision",
      "float32")).param().choices(List.of("float32", "float64"))
      .doc("Number format on the executors (float64 for verification).");
  public static final Hyperparam<Integer> NUM_PARTITIONS = add(integer(Group.OPTIMIZATION, "numPartitions",
      "partitions", 0)).param().rule(atLeast(0)).doc("Partitions to train with, keeping the row order"
          + " (0 = the input's; the train job reads its data into Spark's default parallelism).");
  public static final Hyperparam<Long> SEED = add(new Hyperparam<>(Group.OPTIMIZATION, "seed", "seed", Type.LONG,
      42L)).param().doc("Seed of the initial weights, the batch order and the validation split.");
  public static final Hyperparam<Double> VALIDATION_FRACTION = add(real(Group.OPTIMIZATION, "validationFraction",
      "validation-fraction", 0.0)).param().label("F").rule(Hyperparams::fraction).doc("Fraction of the"
          + " training rows held out (seeded) for validation after each epoch, in [0, 1).");
  public static final Hyperparam<Integer> VALIDATE_EVERY_STEPS = add(integer(Group.OPTIMIZATION,
      "validateEverySteps", "validate-every", 0)).label("STEPS").rule(atLeast(0)).doc("Also validate every"
          + " this many steps, mid-epoch, and print the result (0 = at epoch ends only); for epochs long"
          + " enough that one check per epoch is too coarse. Early stopping still counts epochs.");
  public static final Hyperparam<Integer> EARLY_STOPPING_PATIENCE = add(integer(Group.OPTIMIZATION,
      "earlyStoppingPatience", "early-stopping-patience", 0)).param().rule(atLeast(0)).doc("Stop after this"
          + " many epochs without a validation loss improvement of min-delta, keeping the best epoch's"
          + " weights (0 = off; needs a validation set).");
  public static final Hyperparam<Double> MIN_DELTA = add(real(Group.OPTIMIZATION, "minDelta", "min-delta", 0.0))
      .param().label("F").rule(Hyperparams::nonNegative)
      .doc("Smallest validation loss decrease that counts as an improvement.");
  public static final Hyperparam<Integer> AGGREGATION_DEPTH = add(integer(Group.OPTIMIZATION, "aggregationDepth",
      "aggregation-depth", 0)).param().rule(atLeast(0))
      .doc("Depth of the ordered tree that combines the partitions' gradient sums; 0 = auto, from the"
          + " partition count, the executor count and θ's size by the step cost model (1 on one executor),"
          + " kept for the whole run and on resume.");
  public static final Hyperparam<Integer> BLOCK_SIZE = add(integer(Group.OPTIMIZATION, "blockSize", "block-size",
      1024)).param().rule(atLeast(1)).doc("Most rows an executor runs through the network at once, in"
          + " training and in the model's transform; bounds its working memory.");

  // ---------------------------------------------------------------- checkpoints

  public static final Hyperparam<Integer> CHECKPOINT_EVERY_STEPS = add(integer(Group.RUN, "checkpointEverySteps",
      "checkpoint-every", 0)).label("STEPS").rule(atLeast(0))
      .doc("Also checkpoint every this many steps (0 = at epoch ends only).");
  public static final Hyperparam<Integer> CHECKPOINT_KEEP = add(integer(Group.RUN, "checkpointKeep",
      "checkpoint-keep", 3)).label("K").rule(atLeast(1)).doc("How many of the newest checkpoints to keep.");

  public static final Hyperparam<Integer> DELTA_CHAIN = add(integer(Group.RUN, "deltaChain", "delta-chain", 64))
      .label("STEPS").rule(atLeast(0)).doc("With a lazy update on sparse input (lazy_adam, lazy_momentum, sgd"
          + " without weight decay), executors keep θ between steps and receive only the rows that changed,"
          + " for at most this many steps before all of θ is broadcast again (0 = all of θ every step).");

  /** Every setting, in the order of help and docs. */
  public static final List<Hyperparam<?>> ALL = Collections.unmodifiableList(ENTRIES);
  /** The settings that are Spark ML Params of the estimators and models. */
  public static final List<Hyperparam<?>> PARAMS = ALL.stream().filter(Hyperparam::isParam).toList();

  private Hyperparams() {}

  /** The setting named {@code name} (its {@link Hyperparam#name()}), or null. */
  public static Hyperparam<?> byName(String name) {
    return ALL.stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
  }

  // ---------------------------------------------------------------- building the table

  private static <T> Hyperparam<T> add(Hyperparam<T> h) {
    ENTRIES.add(h);
    return h;
  }

  private static Hyperparam<Integer> integer(Group g, String name, String key, int dflt) {
    return new Hyperparam<>(g, name, key, Type.INT, dflt);
  }

  private static Hyperparam<Double> real(Group g, String name, String key, double dflt) {
    return new Hyperparam<>(g, name, key, Type.DOUBLE, dflt);
  }

  private static Hyperparam<String> text(Group g, String name, String key, String dflt) {
    return new Hyperparam<>(g, name, key, Type.STRING, dflt);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> l = new ArrayList<>(List.of(first));
    l.addAll(rest);
    return l;
  }

  private static Hyperparam.Rule<Integer> atLeast(int min) {
    return v -> v >= min ? null : "must be >= " + min;
  }

  private static String positive(Double v) {
    return v > 0 && Double.isFinite(v) ? null : "must be a finite number > 0";
  }

  private static String nonNegative(Double v) {
    return v >= 0 && Double.isFinite(v) ? null : "must be a finite number >= 0";
  }

  private static String fraction(Double v) {
    return v >= 0 && v < 1 ? null : "must be in [0, 1)";
  }

  private static String widths(int[] v) {
    for (int i = 0; i < v.length; i++) {
      if (v[i] <= 0) {
        return "every layer size must be > 0 (position " + i + ")";
      }
    }
    return null;
  }
}
