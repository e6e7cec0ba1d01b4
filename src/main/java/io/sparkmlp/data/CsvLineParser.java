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
 * column named {@code labelCol} is the label and every other column, in header order, a feature
 * (with no label column, every column is a feature and the label NaN).
 * Blank lines are skipped; every other line must hold exactly one finite number per header column.
 */
final class CsvLineParser implements RecordParser<String> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String[] columns;
  private final int labelIndex;

  /**
   * @param file the file, for messages
   * @param header line 1 of the file
   * @param labelCol the name of the label column, or null when the file has none
   * @throws DataFormatException naming the file and line 1 when a header name is empty or repeated, or
   *     when no column is named {@code labelCol} (the message lists the columns found)
   */
  CsvLineParser(String file, String header, String labelCol) {
    this.file = file;
    this.columns = splitHeader(file, header);
    this.labelIndex = labelCol == null ? -1 : Arrays.asList(columns).indexOf(labelCol);
    if (labelCol == null) {
      return;
    }
    if (labelIndex < 0) {
      throw DataFormatException.atLine(file, 1, null, "expected a label column named '" + labelCol
          + "' (--label-col), found the columns " + String.join(", ", columns));
    }
    if (columns.length < 2) {
      throw DataFormatException.atLine(file, 1, null, "expected the label column and at least one "
          + "feature column, found only '" + labelCol + "'");
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
    double[] features = new double[labelIndex < 0 ? columns.length : columns.length - 1];
    double label = labelIndex < 0 ? Double.NaN : 0;
    int start = 0;
    int k = 0;
    for (; start <= line.length(); k++) {
      int end = line.indexOf(',', start);
      end = end < 0 ? line.length() : end;
      if (k >= columns.length) {
        throw tooMany(line, number);
      }
      double v = field(line.substring(start, end), number, k);
      if (k == labelIndex) {
        label = v;
      } else {
        features[labelIndex < 0 || k < labelIndex ? k : k - 1] = v;
      }
      start = end + 1;
    }
    if (k < columns.length) {
      throw DataFormatException.atLine(file, number, columns[k], "expected " + columns.length
          + " fields as in the header, found " + k + " (the line ends before this column)");
    }
    return new LabeledPoint(label, Vectors.dense(features));
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
