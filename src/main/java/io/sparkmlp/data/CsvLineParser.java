package io.sparkmlp.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vectors;

/**
 * Parses the lines of one CSV file: fields separated by commas, optionally wrapped in double quotes
 * (no commas or quotes inside a field), surrounding spaces ignored. Line 1 is the header; the
 * column named {@code labelCol} is the label, the extra columns asked for are carried as they are,
 * and every other column, in header order, is a feature (with no label column, the label is NaN).
 * Blank lines are skipped; every other line must hold exactly one finite number per header column.
 */
final class CsvLineParser implements RecordParser<String> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String[] columns;
  private final int labelIndex;
  private final ExtraColumn[] extras;
  /** The column index of each extra column, in {@link #extras}' order. */
  private final int[] extraIndex;
  /** Per column: its index in the feature vector, or -1 for the label and the extra columns. */
  private final int[] featureSlot;
  private final int numFeatures;

  /**
   * @param file the file, for messages
   * @param header line 1 of the file
   * @param labelCol the name of the label column, or null when the file has none
   * @throws DataFormatException naming the file and line 1 when a header name is empty or repeated, or
   *     when no column is named {@code labelCol} (the message lists the columns found)
   */
  CsvLineParser(String file, String header, String labelCol) {
    this(file, header, labelCol, List.of(), Set.of());
  }

  /**
   * As {@link #CsvLineParser(String, String, String)}, with {@code extras}: columns that are
   * carried ({@link #extras}) instead of being features, each of which must be in the header; and
   * {@code skipped}: columns that, when the header has them, are neither features nor read.
   */
  CsvLineParser(String file, String header, String labelCol, List<ExtraColumn> extras, Set<String> skipped) {
    this.file = file;
    this.columns = splitHeader(file, header);
    this.labelIndex = labelCol == null ? -1 : Arrays.asList(columns).indexOf(labelCol);
    this.extras = extras.toArray(new ExtraColumn[0]);
    this.extraIndex = new int[this.extras.length];
    for (int j = 0; j < this.extras.length; j++) {
      extraIndex[j] = Arrays.asList(columns).indexOf(this.extras[j].name());
      if (extraIndex[j] < 0) {
        throw DataFormatException.atLine(file, 1, null, "expected a column named '" + this.extras[j].name()
            + "' (" + this.extras[j].option() + "), found the columns " + String.join(", ", columns));
      }
    }
    if (labelCol != null && labelIndex < 0) {
      throw DataFormatException.atLine(file, 1, null, "expected a label column named '" + labelCol
          + "' (--label-col), found the columns " + String.join(", ", columns));
    }
    this.featureSlot = new int[columns.length];
    int n = 0;
    Arrays.fill(featureSlot, 0);
    for (int i : extraIndex) {
      featureSlot[i] = -1;
    }
    if (labelIndex >= 0) {
      featureSlot[labelIndex] = -1;
    }
    for (int k = 0; k < columns.length; k++) {
      featureSlot[k] = skipped.contains(columns[k]) ? -1 : featureSlot[k];
    }
    for (int k = 0; k < columns.length; k++) {
      featureSlot[k] = featureSlot[k] < 0 ? -1 : n++;
    }
    this.numFeatures = n;
    if (labelCol != null && n == 0) {
      throw DataFormatException.atLine(file, 1, null, "expected the label column and at least one "
          + "feature column, found only '" + labelCol + "'" + (this.extras.length == 0 ? ""
          : " and the extra columns " + Arrays.stream(this.extras).map(ExtraColumn::name).toList()));
    }
  }

  /** The header's column names in order. */
  List<String> columns() {
    return List.of(columns);
  }

  private static String[] splitHeader(String file, String header) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int start = 0;
    for (int k = 1; start <= header.length(); k++) {
      int end = header.indexOf(',', start);
      end = end < 0 ? header.length() : end;
      String name = unquote(header.substring(start, end).trim());
      if (name.isEmpty()) {
        throw DataFormatException.atLine(file, 1, "#" + k, "expected a column name in the header, found an empty field");
      }
      if (!seen.add(name)) {
        throw DataFormatException.atLine(file, 1, name, "expected distinct column names, found '" + name + "' twice");
      }
      names.add(name);
      start = end + 1;
    }
    return names.toArray(new String[0]);
  }

  @Override
  public LabeledPoint parse(String line, long number) {
    if (line.isBlank()) {
      return null;
    }
    double[] features = new double[numFeatures];
    double label = labelIndex < 0 ? Double.NaN : 0;
    int start = 0;
    int k = 0;
    for (; start <= line.length(); k++) {
      int end = line.indexOf(',', start);
      end = end < 0 ? line.length() : end;
      if (k >= columns.length) {
        throw tooMany(line, number);
      }
      if (k == labelIndex) {
        label = field(line.substring(start, end), number, k);
      } else if (featureSlot[k] >= 0) {
        features[featureSlot[k]] = field(line.substring(start, end), number, k);
      }
      start = end + 1;
    }
    if (k < columns.length) {
      throw DataFormatException.atLine(file, number, columns[k], "expected " + columns.length
          + " fields as in the header, found " + k + " (the line ends before this column)");
    }
    return new LabeledPoint(label, Vectors.dense(features));
  }

  /** The extra columns' values of a line that {@link #parse} accepted (so its field count is right). */
  @Override
  public Object[] extras(String line, long number) {
    if (extras.length == 0) {
      return NO_EXTRAS;
    }
    Object[] values = new Object[extras.length];
    int start = 0;
    for (int k = 0; start <= line.length(); k++) {
      int end = line.indexOf(',', start);
      end = end < 0 ? line.length() : end;
      for (int j = 0; j < extras.length; j++) {
        if (extraIndex[j] == k) {
          String token = unquote(line.substring(start, end).trim());
          values[j] = extras[j].parseText(token);
          if (values[j] == null) {
            throw DataFormatException.atLine(file, number, columns[k], "expected " + extras[j].expected()
                + ", found " + DataFormatException.quote(token));
          }
        }
      }
      start = end + 1;
    }
    return values;
  }

  private double field(String raw, long number, int k) {
    String token = unquote(raw.trim());
    if (token.isEmpty()) {
      throw DataFormatException.atLine(file, number, columns[k], "expected a finite number, found an empty field");
    }
    double v = Numbers.parseFinite(token);
    if (Double.isNaN(v)) {
      throw DataFormatException.atLine(file, number, columns[k], "expected a finite number, found "
          + DataFormatException.quote(token));
    }
    return v;
  }

  private DataFormatException tooMany(String line, long number) {
    int fields = 1;
    for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
      fields++;
    }
    return DataFormatException.atLine(file, number, null, "expected " + columns.length
        + " fields as in the header, found " + fields + " (field " + (columns.length + 1)
        + " onward has no column; the last column is '" + columns[columns.length - 1] + "')");
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1).trim() : s;
  }

  @Override
  public int headerRecords() {
    return 1;
  }

  @Override
  public String unit() {
    return "line";
  }

  @Override
  public String file() {
    return file;
  }
}
