package io.sparkmlp.train;

import static io.sparkmlp.train.Hyperparams.*;

import io.sparkmlp.nn.Activation;
import io.sparkmlp.nn.Architecture;
import io.sparkmlp.nn.Loss;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What every fit works out once before its first step, whoever asks for it (the estimators, the
 * train job, the benchmark): the {@link Architecture} from the data's widths and the settings,
 * the {@link MemoryBudget} check (which throws when the model cannot fit), and the warnings about
 * settings that will have no effect. {@link #trainer} then builds the {@link Trainer}.
 *
 * @param memory the memory estimate, one line
 * @param warnings one line each, worded once for every caller
 */
public record FitPlan(Architecture arch, String memory, List<String> warnings) {

  public FitPlan {
    warnings = List.copyOf(warnings);
  }

  /**
   * @param train the packed training data: its feature count d, partitions and layout
   * @param outputs the output width K (the class count, or the regression targets)
   * @param validationSet true when a separate validation set is given (not a held-out fraction)
   * @param loss the loss the task trains with
   * @throws IllegalArgumentException when the model does not fit in memory, with the figures
   */
  public static FitPlan of(JavaSparkContext jsc, PackedData<?> train, int outputs,
      boolean validationSet, TrainConfig cfg, Loss loss) {
    Architecture arch = Architecture.of(layerSizes(train.numFeatures(), cfg.get(HIDDEN_LAYERS), outputs),
        Activation.fromName(cfg.get(ACTIVATION)), Activation.IDENTITY, loss);
    String memory = MemoryBudget.check(arch, cfg, train.numPartitions(), jsc.getConf(),
        Runtime.getRuntime().maxMemory(), train);
    List<String> warnings = new ArrayList<>();
    boolean validation = validationSet || cfg.get(VALIDATION_FRACTION) > 0;
    for (Hyperparam<Integer> h : List.of(EARLY_STOPPING_PATIENCE, VALIDATE_EVERY_STEPS)) {
      if (cfg.get(h) > 0 && !validation) {
        warnings.add(h.name() + " (" + h.key() + ") " + cfg.get(h) + " has no effect without validation"
            + " data: set " + VALIDATION_FRACTION.name() + " (" + VALIDATION_FRACTION.key() + ") > 0");
      }
    }
    return new FitPlan(arch, memory, warnings);
  }

  /** The layer widths, input to output: [d, h1, …, hn, K]. */
  public static int[] layerSizes(int inputs, int[] hidden, int outputs) {
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    return sizes;
  }

  /**
   * The trainer of this plan's architecture.
   *
   * @param validation a separate validation set, or null
   * @param initialTheta starting θ, or null for the config's seeded initialisation
   */
  public <A> Trainer<A> trainer(JavaSparkContext jsc, PackedData<A> train, PackedData<A> validation,
      TrainConfig cfg, double[] initialTheta, TrainingListener listener) {
    return new Trainer<>(jsc, train, validation, arch, cfg, initialTheta, listener);
  }
}
