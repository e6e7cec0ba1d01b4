package io.sparkmlp.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One training setting, declared once in {@link Hyperparams}: its name, its conf key and flag,
 * whether it is a Spark ML Param, its type, default, rule and one line of doc. Everything else
 * is derived from it: {@link TrainConfig}'s value and default, the Param objects of the Spark ML
 * stages and their defaults, the params a saved model records, the train job's keys, its
 * {@code --help} and {@code docs/config.md}.
 *
 * @param <T> the value's Java type: {@code Integer}, {@code Long}, {@code Double}, {@code String}
 *     or {@code int[]}
 */
public final class Hyperparam<T> {
  /** How a value is held, parsed and turned into a Spark ML Param. */
  public enum Type { INT, LONG, DOUBLE, STRING, INT_ARRAY }

  /** Where it stands in help and docs. */
  public enum Group { MODEL, OPTIMIZATION, RUN }

  /** A rule a value must meet: null when it does, else what it must be ("must be >= 1"). */
  @FunctionalInterface
  interface Rule<T> {
    String whyNot(T value);
  }

  private final String name;
  private final String key;
  private final Type type;
  private final T defaultValue;
  private final Group group;
  private boolean param;
  private String label;
  private String doc = "";
  private String defaultText;
  private List<String> choices = List.of();
  private Rule<T> rule = v -> null;

  Hyperparam(Group group, String name, String key, Type type, T defaultValue) {
    this.group = group;
    this.name = name;
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.label = type == Type.INT_ARRAY ? "SIZES" : "N";
  }

  // ---------------------------------------------------------------- declaring (Hyperparams only)

  /** Also a Spark ML Param of the estimators and models, named {@link #name()}. */
  Hyperparam<T> param() { param = true; return this; }
  Hyperparam<T> label(String v) { label = v; return this; }
  Hyperparam<T> doc(String v) { doc = v; return this; }
  /** How the default reads in help and docs when its value alone would mislead. */
  Hyperparam<T> defaultText(String v) { defaultText = v; return this; }
  Hyperparam<T> rule(Rule<T> v) { rule = v; return this; }

  Hyperparam<T> choices(List<String> v) {
    choices = List.copyOf(v);
    label = String.join("|", v);
    return rule(x -> choices.contains(x) ? null : "expected one of " + String.join(", ", choices));
  }

  // ---------------------------------------------------------------- reading

  /** The one name in code, checkpoints, summaries and (when {@link #isParam()}) Spark ML, e.g. {@code batchSize}. */
  public String name() { return name; }
  /** The conf file key and long flag ({@code --key}), e.g. {@code batch-size}. */
  public String key() { return key; }
  public boolean isParam() { return param; }
  public Type type() { return type; }
  public Group group() { return group; }
  /** The value when nobody sets one (a copy for arrays). */
  public T defaultValue() { return copy(defaultValue); }
  /** The value's placeholder in help, e.g. {@code RATE}, or the choices joined by |. */
  public String label() { return label; }
  public String doc() { return doc; }

  /** The doc as Spark ML Params word theirs: lower-case first letter, no final period. */
  public String paramDoc() {
    String d = doc.endsWith(".") ? doc.substring(0, doc.length() - 1) : doc;
    return d.isEmpty() ? d : Character.toLowerCase(d.charAt(0)) + d.substring(1);
  }
  /** The valid values of a {@link Type#STRING} with choices, else empty. */
  public List<String> choices() { return choices; }

  /** How the default reads in help and docs. */
  public String defaultText() {
    return defaultText != null ? defaultText : defaultValue == null ? "none" : format(defaultValue);
  }

  /**
   * Throws {@link IllegalArgumentException} "{@code name = value: why}" when {@code value}
   * breaks the rule (or is of the wrong type); returns it, as this setting's type, when not.
   */
  @SuppressWarnings("unchecked")
  public T check(Object value) {
    T v;
    try {
      v = (T) javaType().cast(value);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(name + " = " + value + ": expected " + expected());
    }
    String why = v == null ? "must be set" : rule.whyNot(v);
    if (why != null) {
      throw new IllegalArgumentException(name + " = " + format(v) + ": " + why);
    }
    return v;
  }

  /**
   * The value written as {@code text} (a conf file value or a flag), not yet checked against the
   * rule; {@link IllegalArgumentException} with what was expected when it does not parse.
   */
  @SuppressWarnings("unchecked")
  public T parse(String text) {
    String s = text.strip();
    try {
      Object v = switch (type) {
        case INT -> int32(Long.parseLong(s));
        case LONG -> Long.parseLong(s);
        case DOUBLE -> finite(Double.parseDouble(s));
        case STRING -> choices.isEmpty() ? s : choice(s.toLowerCase(Locale.ROOT));
        case INT_ARRAY -> widths(s);
      };
      return (T) v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expected());
    }
  }

  private static int int32(long v) {
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a whole number that fits in 32 bits");
    }
    return (int) v;
  }

  /** Layer widths: comma-separated whole numbers, each > 0. */
  private static int[] widths(String s) {
    int[] v = Arrays.stream(s.split(",", -1)).map(String::strip).mapToInt(Integer::parseInt).toArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] <= 0) {
        throw new IllegalArgumentException("layer widths > 0 (position " + i + " is " + v[i] + ")");
      }
    }
    return v;
  }

  /** What {@link #parse} takes, for messages (an INT out of 32 bits says so itself). */
  public String expected() {
    return switch (type) {
      case INT, LONG -> "a whole number";
      case DOUBLE -> "a finite number";
      case STRING -> choices.isEmpty() ? "a text" : "one of " + String.join(", ", choices);
      case INT_ARRAY -> "comma-separated whole numbers such as 300,100";
    };
  }

  /** A value as a person writes it: 0.001 not 1.0E-3, 128 not 128.0, 300,100 for arrays. */
  public String format(Object v) {
    if (v instanceof int[] a) {
      return Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
    if (v instanceof Double d) {
      java.math.BigDecimal b = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
      return b.scale() <= 0 ? b.toBigInteger().toString() : b.toPlainString();
    }
    return String.valueOf(v);
  }

  @SuppressWarnings("unchecked")
  T copy(T v) {
    return v instanceof int[] a ? (T) a.clone() : v;
  }

  private Class<?> javaType() {
    return switch (type) {
      case INT -> Integer.class;
      case LONG -> Long.class;
      case DOUBLE -> Double.class;
      case STRING -> String.class;
      case INT_ARRAY -> int[].class;
    };
  }

  private String choice(String v) {
    if (!choices.contains(v)) {
      throw new NumberFormatException("not a choice");
    }
    return v;
  }

  private static double finite(double v) {
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not finite");
    }
    return v;
  }

  @Override
  public String toString() {
    return name;
  }
}
