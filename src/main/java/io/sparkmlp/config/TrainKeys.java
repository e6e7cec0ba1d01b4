package io.sparkmlp.config;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.train.Hyperparam;
import io.sparkmlp.train.Hyperparam.Group;
import io.sparkmlp.train.Hyperparams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every key of the train job: each is the long flag {@code --name} and the config file key
 * {@code name}. The training settings are {@link Hyperparams}' entries, in their groups, among the
 * job's own keys (data, outputs, the run). The flags, {@code Train --help}, the config file parser
 * and {@code docs/config.md} ({@link #markdown()}) are all generated from here.
 */
public final class TrainKeys {
  /** How a value is written and parsed. */
  public enum Kind { TEXT, PATH, INT, LONG, DOUBLE, BOOL, INT_LIST, CHOICE }

  /**
   * One setting.
   *
   * @param label the value's placeholder in help, e.g. {@code RATE}
   * @param defaultValue the value when nobody sets it, parsed like any other; null for none
   * @param defaultText how the default reads in help and docs
   * @param fileKey false for the flags that only make sense on the command line
   *     ({@code config}, {@code resume})
   * @param choices the valid values of a {@link Kind#CHOICE}, else empty
   * @param setting the training setting this key sets, or null for the job's own keys
   */
  public record Key(String name, String label, Kind kind, String defaultValue, String defaultText,
      String description, boolean fileKey, List<String> choices, Hyperparam<?> setting) {
    Key(String name, String label, Kind kind, String defaultValue, String defaultText,
        String description, boolean fileKey, List<String> choices) {
      this(name, label, kind, defaultValue, defaultText, description, fileKey, choices, null);
    }

    public String flag() {
      return "--" + name;
    }
  }

  private static final Map<String, Key> KEYS = build();

  private TrainKeys() {}

  /** All keys, in the order of the help and the docs. */
  public static List<Key> all() {
    return List.copyOf(KEYS.values());
  }

  public static Optional<Key> find(String name) {
    return Optional.ofNullable(KEYS.get(name));
  }

  public static Key get(String name) {
    Key k = KEYS.get(name);
    if (k == null) {
      throw new IllegalStateException("no train key '" + name + "'");
    }
    return k;
  }

  /**
   * The known key a wrong one probably meant, for "did you mean" hints: the same with '-' for
   * '_', one whose name is the initials of its words ({@code learning-rate} → {@code lr}), or
   * the closest by edit distance (≤ 3).
   */
  public static Optional<String> closest(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
    if (KEYS.containsKey(n)) {
      return Optional.of(n);
    }
    String initials = Arrays.stream(n.split("-")).filter(w -> !w.isEmpty())
        .map(w -> w.substring(0, 1)).collect(Collectors.joining());
    if (n.contains("-") && KEYS.containsKey(initials)) {
      return Optional.of(initials);
    }
    String best = null;
    int bestDistance = 4;
    for (String k : KEYS.keySet()) {
      int d = distance(n, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Map<String, Key> build() {
    List<Key> k = new ArrayList<>();
    dataKeys(k);
    k.add(new Key("layers", "SIZES", Kind.INT_LIST, null, "none (use --hidden)", "All layer widths, "
        + "input to output, e.g. 784,300,100,10; the first must equal the feature count and the last "
        + "the class count (1 for regression). Give --layers or --hidden, not both.", true, List.of()));
    k.add(path("init-model", "DIR", null, "none (seeded initial weights)", "Start from the weights of a "
        + "saved model: a train run's --out directory (holding model/) or a model directory. Its layer sizes,"
        + " activations and loss must be this run's; its fitted stages (text's, the scaler) are reused, not "
        + "refitted, so standardize and the text keys must agree with them. Optimizer state starts fresh. "
        + "Not with --resume, which continues a run from its checkpoint."));
    settings(k, Group.MODEL);
    settings(k, Group.OPTIMIZATION);
    k.add(bool("standardize", "Scale each feature to mean 0 and variance 1, fitted on the rows of --data "
        + "that train (not the validation hold-out, nor the test set); the saved model is then a Spark "
        + "PipelineModel (StandardScalerModel, then the MLP), so it predicts from raw features."));
    k.add(path("checkpoint-dir", "DIR", null, "<out>-checkpoints, next to --out", "Where checkpoints go "
        + "(any Hadoop FileSystem path; outside --out so that they survive a killed driver); 'none' "
        + "turns checkpointing off. A fresh run refuses a directory that already holds checkpoints "
        + "unless --overwrite."));
    settings(k, Group.RUN);
    runKeys(k);
    Map<String, Key> m = new LinkedHashMap<>();
    for (Key key : k) {
      m.put(key.name(), key);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Where the rows come from and what they hold. */
  private static void dataKeys(List<Key> k) {
    k.add(flagOnly("config", "FILE", "A config file of 'key = value' lines; flags override its values."));
    k.add(path("data", "PATH", null, "required", "Training data: an IDX directory (train-images-idx3-ubyte[.gz] "
        + "and train-labels-idx1-ubyte[.gz]), or a LIBSVM, CSV (with a header) or Parquet file, directory or glob."));
    k.add(path("test-data", "PATH", null, "the t10k pair of an IDX --data directory, else none",
        "Test data, scored once after training (summary.json: test_accuracy); an IDX directory gives its "
            + "t10k pair (its train pair when it has no t10k files)."));
    k.add(choice("format", null, "inferred from --data", "Format of --data and --test-data.",
        Arrays.stream(DataFormat.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList()));
    k.add(text("label-col", "NAME", "label", "CSV, Parquet and text: the label column."));
    k.add(text("text-col", "NAME", "text", "Text (--format text): the column holding the documents."));
    k.add(new Key("text-features", "N", Kind.INT, Integer.toString(1 << 18), null, "Text: the width of"
        + " HashingTF's feature vectors (2^18 = 262144 by default, as HashingTF's own default). The"
        + " documents become sparse features through RegexTokenizer (\\W+), HashingTF and IDF, fitted"
        + " on the rows that train; the saved model is a PipelineModel that takes raw text.", true, List.of()));
    k.add(text("features-col", "NAME", "features", "Parquet: the vector column (else the numeric columns "
        + "other than the label are the features)."));
    k.add(text("validation-indicator-col", "NAME", null, "CSV, Parquet and text: a boolean column of --data "
        + "whose true rows are the validation set (the estimators' validationIndicatorCol), instead of a "
        + "seeded validation-fraction, which must then be 0. It is not a feature, neither of --data nor of "
        + "--test-data (which need not have it); in CSV it holds true or false."));
    k.add(text("weight-col", "NAME", null, "CSV, Parquet and text: a numeric column of --data holding each "
        + "row's sample weight (the estimators' weightCol): finite and >= 0; each batch's loss is then "
        + "sum(w*loss)/sum(w), the validation loss too, and a batch whose weights sum to 0 is skipped. "
        + "Not a feature; --test-data need not have it, and the test figures are unweighted."));
    k.add(choice("task", "classification", null, "classification (labels 0..K-1, softmax "
        + "cross-entropy) or regression (a numeric label, mse).", List.of("classification", "regression")));
  }

  /** The training settings of one group, each its {@link Hyperparam#key()}. */
  private static void settings(List<Key> k, Group group) {
    for (Hyperparam<?> h : Hyperparams.ALL) {
      if (h.group() == group) {
        k.add(new Key(h.key(), h.label(), kind(h), h.defaultValue() == null ? null : h.format(h.defaultValue()),
            h.defaultText(), h.doc(), true, h.choices(), h));
      }
    }
  }

  private static Kind kind(Hyperparam<?> h) {
    return switch (h.type()) {
      case INT -> Kind.INT;
      case LONG -> Kind.LONG;
      case DOUBLE -> Kind.DOUBLE;
      case INT_ARRAY -> Kind.INT_LIST;
      case STRING -> h.choices().isEmpty() ? Kind.TEXT : Kind.CHOICE;
    };
  }

  /** The run itself: resuming, outputs, the master, verbosity. */
  private static void runKeys(List<Key> k) {
    k.add(flagOnly("resume", "DIR", "Continue from the newest valid checkpoint in DIR (a corrupt newest "
        + "one is reported and the one before it used), with the configuration stored there "
        + "(DIR/train.conf); only --out, --overwrite, --master and --verbose may be given with it."));
    k.add(path("out", "DIR", "runs/train-{time}", null, "Output directory; {time} becomes yyyyMMdd-HHmmss. "
        + "Written to a temporary sibling and renamed into place when complete."));
    k.add(bool("overwrite", "Replace an existing --out (only once the new one is complete) and "
        + "discard old checkpoints in the checkpoint directory."));
    k.add(new Key("master", "URL", Kind.TEXT, null, "the master Spark runs on", "Recorded in summary.json; Spark's master itself comes from "
        + "spark-submit (jobs/*.sh pass --master to both).", true, List.of()));
    k.add(bool("verbose", "Print stack traces of errors and the trainer's log lines, each step's times included."));
  }

  private static Key flagOnly(String name, String label, String description) {
    return new Key(name, label, Kind.PATH, null, "none", description, false, List.of());
  }

  private static Key path(String name, String label, String dflt, String dfltText, String description) {
    return new Key(name, label, Kind.PATH, dflt, dfltText, description, true, List.of());
  }

  private static Key text(String name, String label, String dflt, String description) {
    return new Key(name, label, Kind.TEXT, dflt, dflt == null ? "none" : null, description, true, List.of());
  }

  private static Key bool(String name, String description) {
    return new Key(name, null, Kind.BOOL, "false", null, description, true, List.of());
  }

  private static Key choice(String name, String dflt, String dfltText, String description, List<String> choices) {
    return new Key(name, String.join("|", choices), Kind.CHOICE, dflt, dfltText, description, true,
        List.copyOf(choices));
  }

  public static String ints(int[] v) {
    return Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(","));
  }

  /** How the default reads: its text, else its value, else "none". */
  public static String defaultText(Key k) {
    return k.defaultText() != null ? k.defaultText() : k.defaultValue() != null ? k.defaultValue() : "none";
  }

  /** The config reference as Markdown, the text of {@code docs/config.md}. */
  public static String markdown() {
    StringBuilder sb = new StringBuilder()
        .append("# Train configuration reference\n\n")
        .append("<!-- Generated from io.sparkmlp.train.Hyperparams and io.sparkmlp.config.TrainKeys by io.sparkmlp.config.ConfigReference; do not edit by hand:\n")
        .append("     java -cp target/sparkmlp-0.1.0.jar:'target/spark-home/jars/*' io.sparkmlp.config.ConfigReference > docs/config.md -->\n\n")
        .append("`jobs/train.sh` (main class `io.sparkmlp.jobs.Train`) reads its settings from a config file\n")
        .append("(`--config FILE`) and from flags. Every key below is both the long flag `--key VALUE` and the\n")
        .append("config file line `key = VALUE`; a flag overrides the file.\n\n")
        .append("Config files (`conf/*.conf`):\n\n")
        .append("- one `key = value` per line; blank lines and `#` comments (a whole line, or after a value\n")
        .append("  following a blank) are ignored;\n")
        .append("- an unknown key, a key given twice, or a bad value is an error naming the file, the line and\n")
        .append("  the key (exit code 2): nothing is silently ignored;\n")
        .append("- relative paths are resolved against the config file's directory (relative paths given as\n")
        .append("  flags against the working directory);\n")
        .append("- `{time}` in `out` and `checkpoint-dir` becomes the start time, `yyyyMMdd-HHmmss`;\n")
        .append("- booleans are `true` or `false`; as flags, `--standardize` alone means true.\n\n")
        .append("The Spark ML param column names the same setting on `MlpClassifier` and `MlpRegressor`\n")
        .append("(and what a saved model records); the others belong to the job.\n\n")
        .append("| key | Spark ML param | value | default | meaning |\n|---|---|---|---|---|\n");
    for (Key k : KEYS.values()) {
      sb.append("| `").append(k.name()).append("`").append(k.fileKey() ? "" : " (flag only)")
          .append(" | ").append(k.setting() != null && k.setting().isParam() ? "`" + k.setting().name() + "`" : "")
          .append(" | ").append(k.kind() == Kind.BOOL ? "true\\|false" : k.label().replace("|", "\\|"))
          .append(" | ").append(defaultText(k).replace("|", "\\|"))
          .append(" | ").append(k.description().replace("|", "\\|")).append(" |\n");
    }
    return sb.append("\nOutputs of a run (`--out DIR`): `model/` (Spark ML format), `metrics.jsonl` (one JSON\n")
        .append("object per epoch), `summary.json`, `loss.png`, `accuracy.png` (RMSE for regression) and\n")
        .append("`grad-norms.png`. Checkpoints go to `DIR-checkpoints` unless `checkpoint-dir` says otherwise,\n")
        .append("together with `train.conf`, the effective configuration that `--resume` continues with.\n")
        .toString();
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
