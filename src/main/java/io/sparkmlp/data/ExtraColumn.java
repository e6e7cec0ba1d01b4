package io.sparkmlp.data;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * A named column of the input that the readers carry beside {@code label} and {@code features}
 * instead of reading it as a feature: a row's validation mark, say. Only formats with named
 * columns have them (CSV, Parquet, text; {@link DataFormat#hasNamedColumns}). The column keeps its
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
    BOOLEAN;

    DataType sparkType() {
      return DataTypes.BooleanType;
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

  /** The frame's field: not null, its values checked while loading. */
  StructField field() {
    return new StructField(name, kind.sparkType(), false, Metadata.empty());
  }

  /** What the column must hold, for messages: e.g. {@code "true or false"}. */
  String expected() {
    return switch (kind) {
      case BOOLEAN -> "true or false (" + option + ")";
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
    };
  }

  /** The value of a Parquet cell as Spark gives it, or null when it is null or of another type. */
  Object fromCell(Object cell) {
    return switch (kind) {
      case BOOLEAN -> cell instanceof Boolean ? cell : null;
    };
  }
}
