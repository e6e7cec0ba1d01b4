package io.sparkmlp.config;

import static io.sparkmlp.train.Hyperparams.HIDDEN_LAYERS;
import static io.sparkmlp.train.Hyperparams.LOSS;

import io.sparkmlp.data.DataFormat;
import io.sparkmlp.data.ExtraColumn;
import io.sparkmlp.config.TrainKeys.Key;
import io.sparkmlp.config.TrainKeys.Kind;
import io.sparkmlp.nn.Loss;
import io.sparkmlp.train.Hyperparam;
import io.sparkmlp.train.Hyperparams;
import io.sparkmlp.train.Packer;
import io.sparkmlp.train.TrainConfig;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The effective configuration of one train run: the defaults, overridden by the config file,
 * overridden by the flags ({@link #merge}), each value parsed and checked once ({@link #of}).
 * Every error is a {@link ConfigException} naming where the bad value came from (file and
 * line, or flag) and its key. Immutable.
 */
public final class TrainSpec {
  /** Keys of one invocation, not of a run: left out of train.conf (what --resume reads). */
  private static final Set<String> PER_INVOCATION = Set.of("overwrite", "verbose", "master");

  private final Map<String, Setting> settings;
  private final TrainConfig train;
  private final Packer.Task task;
  private final int[] layers;
  private final Path out;
  private final String checkpointDir;

  private TrainSpec(Map<String, Setting> settings, LocalDateTime start) {
    this.settings = settings;
    this.task = "regression".equals(choice(setting("task"))) ? Packer.Task.REGRESSION
        : Packer.Task.CLASSIFICATION;
    this.layers = has("layers") ? ints(setting("layers")) : null;
    this.train = trainConfig();
    Setting o = setting("out");
    if (PathValues.isUri(o.value()) && !o.value().startsWith("file:")) {
      throw o.error("a local directory (the job writes its outputs with java.nio)");
    }
    String outText = PathValues.expandTime(o.value().replaceFirst("^file:(//)?", ""), start);
    this.out = Path.of(outText).toAbsolutePath().normalize();
    Setting c = settings.get("checkpoint-dir");
    this.checkpointDir = c == null ? out + "-checkpoints"
        : PathValues.NONE.equalsIgnoreCase(c.value()) ? null : PathValues.expandTime(c.value(), start);
    if (!has("data")) {
      throw new ConfigException("no training data: expected --data PATH, or 'data = PATH' in the --config file");
    }
    format();
    partitions();
    textFeatures();
    standardize();
    overwrite();
    verbose();
    extraColumns();
  }

  /**
   * Defaults, then {@code file}, then {@code flags}. {@code layers} and {@code hidden} exclude
   * each other: the one from the higher level wins, and both at the same level is an error.
   */
  public static Map<String, Setting> merge(Map<String, Setting> file, Map<String, Setting> flags) {
    Map<String, Setting> m = new LinkedHashMap<>();
    for (Key k : TrainKeys.all()) {
      if (k.defaultValue() != null) {
        m.put(k.name(), Setting.byDefault(k.name(), k.defaultValue()));
      }
    }
    for (Map<String, Setting> level : java.util.List.of(file, flags)) {
      if (level.containsKey("layers") && level.containsKey("hidden")) {
        Setting l = level.get("layers");
        throw new ConfigException(l.where() + ": give either layers or hidden, not both ("
            + level.get("hidden").where() + ")");
      }
      if (level.containsKey("layers")) {
        m.remove("hidden");
      }
      if (level.containsKey("hidden")) {
        m.remove("layers");
      }
      m.putAll(level);
    }
    return m;
  }

  /** Parses and checks the merged settings; {@code start} is what {@code {time}} becomes. */
  public static TrainSpec of(Map<String, Setting> merged, LocalDateTime start) {
    return new TrainSpec(Map.copyOf(merged), start);
  }

  // ------------------------------------------------------------------ typed values

  public String data() { return text("data"); }
  /** The explicit test path, or null (then an IDX directory's t10k pair, if any). */
  public String testData() { return has("test-data") ? text("test-data") : null; }
  /** The explicit format, or null to infer it from the path. */
  public DataFormat format() { return has("format") ? DataFormat.fromName(choice(setting("format"))) : null; }
  public String labelCol() { return text("label-col"); }
  public String featuresCol() { return text("features-col"); }
  public String textCol() { return text("text-col"); }
  /** The column of --data that marks the validation rows, or null (then validation-fraction decides). */
  public String validationIndicatorCol() { return has("validation-indicator-col") ? text("validation-indicator-col") : null; }

  /** The column of --data that holds each row's sample weight, or null (every row weighs 1). */
  public String weightCol() { return has("weight-col") ? text("weight-col") : null; }

  /**
   * The named columns of --data the run reads besides the label and features ({@link ExtraColumn}):
   * the validation indicator and the sample weights, when given. Each is a key of its own; one set
   * here is one more entry.
   *
   * @throws ConfigException when the indicator and a validation-fraction &gt; 0 both choose the
   *     validation rows, or a column is not a valid one (naming the key)
   */
  public List<ExtraColumn> extraColumns() {
    List<ExtraColumn> columns = new ArrayList<>();
    if (validationIndicatorCol() != null) {
      Setting s = setting("validation-indicator-col");
      double fraction = train.get(Hyperparams.VALIDATION_FRACTION);
      if (fraction > 0) {
        throw new ConfigException(s.where() + ": '" + s.value() + "' and validation-fraction "
            + Hyperparams.VALIDATION_FRACTION.format(fraction) + " (" + setting("validation-fraction").where()
            + ") both choose the validation rows; give one of them (validation-fraction 0 with the column)");
      }
      columns.add(extra(s, ExtraColumn::bool));
    }
    if (weightCol() != null) {
      Setting s = setting("weight-col");
      if (s.value().equals(validationIndicatorCol())) {
        throw new ConfigException(s.where() + ": '" + s.value() + "' is the validation indicator column too"
            + " (validation-indicator-col); the weights need a column of their own");
      }
      columns.add(extra(s, ExtraColumn::weight));
    }
    return columns;
  }

  private ExtraColumn extra(Setting s, java.util.function.BiFunction<String, String, ExtraColumn> kind) {
    if (s.value().equals(labelCol())) {
      throw new ConfigException(s.where() + ": '" + s.value() + "' is the label column (label-col)");
    }
    try {
      return kind.apply(s.value(), "--" + s.key());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(s.where() + ": " + e.getMessage().replaceFirst("^--[a-z-]+: ", ""));
    }
  }
  /** Text: HashingTF's width (≥ 1). */
  public int textFeatures() { return Math.toIntExact(number("text-features", 1, Integer.MAX_VALUE)); }
  public Packer.Task task() { return task; }
  /** The explicit layer widths (input to output), or null when the data decides them. */
  public int[] layers() { return layers == null ? null : layers.clone(); }
  /** The training hyperparameters (a copy). */
  public TrainConfig train() { return train.copy(); }
  public Loss loss() { return Loss.fromName(train.get(LOSS)); }
  public boolean standardize() { return bool("standardize"); }
  public int partitions() { return Math.toIntExact(number("partitions", 0, Integer.MAX_VALUE)); }
  public Path out() { return out; }
  /** Where checkpoints go, or null when they are off. */
  public String checkpointDir() { return checkpointDir; }
  public boolean overwrite() { return bool("overwrite"); }
  public String master() { return has("master") ? text("master") : null; }
  public boolean verbose() { return bool("verbose"); }

  /** The setting of {@code key}, for messages (e.g. the layers that do not fit the data). */
  public Setting setting(String key) {
    Setting s = settings.get(key);
    if (s == null) {
      throw new IllegalStateException("no value for key '" + key + "'");
    }
    return s;
  }

  public boolean has(String key) {
    return settings.containsKey(key);
  }

  /**
   * Every config key with its effective value (numbers as numbers, lists as int arrays, absent
   * optional values as null); the {@code config} object of summary.json.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Key k : TrainKeys.all()) {
      if (k.fileKey()) {
        m.put(k.name(), effective(k));
      }
    }
    return m;
  }

  /** The run's configuration as a config file, every path absolute: what --resume continues with. */
  public String toConfText() {
    StringBuilder sb = new StringBuilder("# The effective configuration of a sparkmlp train run, written before its first step.\n"
        + "# jobs/train.sh --resume <this directory> continues the run with it.\n");
    Map<String, Object> m = toMap();
    for (Key k : TrainKeys.all()) {
      Object v = m.get(k.name());
      if (k.fileKey() && v != null && !PER_INVOCATION.contains(k.name())) {
        sb.append(k.name()).append(" = ").append(k.setting() != null ? k.setting().format(v)
            : v instanceof int[] a ? TrainKeys.ints(a) : v).append('\n');
      }
    }
    return sb.toString();
  }

  private Object effective(Key k) {
    switch (k.name()) {
      case "out": return out.toString();
      case "checkpoint-dir": return checkpointDir == null ? PathValues.NONE : checkpointDir;
      case "loss": return train.loss();
      default: break;
    }
    Setting s = settings.get(k.name());
    if (s == null) {
      return null;
    }
    if (k.setting() != null) {
      return train.get(k.setting());
    }
    switch (k.kind()) {
      case INT: case LONG: return Long.parseLong(s.value());
      case DOUBLE: return Double.parseDouble(s.value());
      case BOOL: return bool(k.name());
      case INT_LIST: return ints(s);
      case CHOICE: return choice(s);
      default: return s.value();
    }
  }

  // ------------------------------------------------------------------ TrainConfig

  /** Every training setting from its key ({@link Hyperparams}); hidden from --layers when given. */
  private TrainConfig trainConfig() {
    TrainConfig c = new TrainConfig();
    for (Hyperparam<?> h : Hyperparams.ALL) {
      Setting s = settings.get(h.key());
      if (s != null) {
        apply(c, h, s);
      }
    }
    if (layers != null) {
      c.set(HIDDEN_LAYERS, Arrays.copyOfRange(layers, 1, layers.length - 1));
    }
    Loss wanted = task == Packer.Task.CLASSIFICATION ? Loss.CROSS_ENTROPY : Loss.MSE;
    if (c.loss() != null && Loss.fromName(c.loss()) != wanted) {
      throw setting("loss").error(wanted.id() + " for task " + text("task"));
    }
    return c.set(LOSS, wanted.id());
  }

  /**
   * Parses the key's value and sets it; a value that does not parse, or that the setting's rule
   * refuses, becomes a {@link ConfigException} naming the place.
   */
  private static <T> void apply(TrainConfig c, Hyperparam<T> h, Setting s) {
    T v;
    try {
      v = h.parse(s.value());
    } catch (IllegalArgumentException e) {
      throw s.error(e.getMessage());
    }
    try {
      c.set(h, v);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage().replaceFirst("^[A-Za-z][A-Za-z0-9]* = [^:]*: ", "");
      throw new ConfigException(s.where() + ": '" + s.value() + "' is invalid: " + why);
    }
  }

  // ------------------------------------------------------------------ parsing

  private String text(String key) {
    return setting(key).value();
  }

  private boolean bool(String key) {
    String v = text(key);
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw setting(key).error("true or false");
  }

  private long number(String key, long min, long max) {
    long v = integer(setting(key));
    if (v < min || v > max) {
      throw setting(key).error("a whole number in [" + min + ", " + max + "]");
    }
    return v;
  }

  private static long integer(Setting s) {
    try {
      return Long.parseLong(s.value());
    } catch (NumberFormatException e) {
      throw s.error("a whole number");
    }
  }

  private static int toInt(Setting s) {
    long v = integer(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw s.error("a whole number that fits in 32 bits");
    }
    return (int) v;
  }

  private static double real(Setting s) {
    try {
      double v = Double.parseDouble(s.value());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw s.error("a finite number");
  }

  private static String choice(Setting s) {
    Key k = TrainKeys.get(s.key());
    String v = s.value().strip().toLowerCase(java.util.Locale.ROOT);
    if (!k.choices().contains(v)) {
      throw s.error("one of " + String.join(", ", k.choices()));
    }
    return v;
  }

  private static int[] ints(Setting s) {
    String[] parts = s.value().split(",", -1);
    int[] v = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].strip());
      } catch (NumberFormatException e) {
        throw s.error("comma-separated whole numbers such as 300,100");
      }
      if (v[i] <= 0) {
        throw s.error("layer widths > 0 (position " + i + " is " + v[i] + ")");
      }
    }
    if ("layers".equals(s.key()) && v.length < 2) {
      throw s.error("at least an input and an output width, e.g. 784,300,100,10");
    }
    return v;
  }
}
