package io.sparkmlp.data;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * A named column of the input that the readers carry beside {@code label} and {@code features}
 * instead of reading it as a feature. Only formats with named
 * columns have them (CSV, Parquet, text; {@link DataFormat#hasNamedColumns}): a row's validation
 * mark or its sample weight. The column keeps its
 * name in the frame, after {@code features}; every row must hold a valid value, else the load
 * fails naming the file, the row or line, and the column.
 *
 * @param name the column's name in the files and in the frame
 * @param kind what its values are
 * @param option where the user named it, for messages, e.g. {@code --validation-indicator-col}
 */
public record ExtraColumn(String name, Kind kind, String option) implements Serializable {
  /** The values a column may hold; a second kind is one constant and its two cases below. */
  public enum Kind {
    /** true or false (CSV: {@code true}/{@code false}, any case; Parquet: a boolean column). */
    BOOLEAN,
    /** A sample weight: a finite number ≥ 0 (CSV: a decimal; Parquet: any numeric column, as a double). */
    WEIGHT;

    DataType sparkType() {
      return this == BOOLEAN ? DataTypes.BooleanType : DataTypes.DoubleType;
    }
  }

  public ExtraColumn {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(option + ": expected a non-empty column name, found "
          + DataFormatException.quote(name));
    }
    if (name.equals(LabeledFrames.LABEL) || name.equals(LabeledFrames.FEATURES)) {
      throw new IllegalArgumentException(option + ": expected a column other than '" + LabeledFrames.LABEL
          + "' and '" + LabeledFrames.FEATURES + "' (the frame's own columns), found '" + name + "'");
    }
  }

  /** A boolean column, e.g. the validation indicator. */
  public static ExtraColumn bool(String name, String option) {
    return new ExtraColumn(name, Kind.BOOLEAN, option);
  }

  /** A column of sample weights. */
  public static ExtraColumn weight(String name, String option) {
    return new ExtraColumn(name, Kind.WEIGHT, option);
  }

  /** The frame's field: not null, its values checked while loading. */
  StructField field() {
    return new StructField(name, kind.sparkType(), false, Metadata.empty());
  }

  /** True when a Parquet column of type {@code t} holds this kind: boolean, or any numeric type. */
  boolean accepts(DataType t) {
    return kind == Kind.BOOLEAN ? t.equals(DataTypes.BooleanType) : t instanceof org.apache.spark.sql.types.NumericType;
  }

  /** What the column must hold, for messages: e.g. {@code "true or false"}. */
  String expected() {
    return switch (kind) {
      case BOOLEAN -> "true or false (" + option + ")";
      case WEIGHT -> "a finite number ≥ 0 (" + option + ")";
    };
  }

  /** The value of a text field (quotes and spaces already removed), or null when it is not one. */
  Object parseText(String token) {
    return switch (kind) {
      case BOOLEAN -> switch (token.toLowerCase(Locale.ROOT)) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> null;
      };
      case WEIGHT -> weight(parseNumber(token));
    };
  }

  private static Double parseNumber(String token) {
    try {
      return Double.valueOf(token);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code w} when it is a valid weight (finite, ≥ 0), else null. */
  private static Double weight(Double w) {
    return w != null && Double.isFinite(w) && w >= 0 ? w : null;
  }

  /** The value of a Parquet cell as Spark gives it, or null when it is null or of another type. */
  Object fromCell(Object cell) {
    return switch (kind) {
      case BOOLEAN -> cell instanceof Boolean ? cell : null;
      case WEIGHT -> cell instanceof Number n ? weight(n.doubleValue()) : null;
    };
  }
}
