package io.sparkmlp.data;

import java.util.List;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;

/**
 * Turns the rows of one Parquet file, selected as {@code (label, features...)}, into labelled
 * vectors: either column 1 is a vector column (taken as it is, dense or sparse), or columns
 * 1..k are numeric and assembled, in that order, into a dense vector. Nulls are errors.
 */
final class ParquetRowParser implements RecordParser<Row> {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String[] columns;
  private final boolean vectorColumn;
  /** Index of the first feature column: 1 after the label, 0 without one. */
  private final int first;
  /** One past the last feature column; the extra columns follow it. */
  private final int end;
  private final ExtraColumn[] extras;

  /**
   * @param file the file, for messages
   * @param columns the selected column names: the label (when {@code labeled}), then the features
   * @param vectorColumn true when the features are one vector column
   * @param labeled false when there is no label column (every label is then NaN)
   */
  ParquetRowParser(String file, List<String> columns, boolean vectorColumn, boolean labeled) {
    this(file, columns, vectorColumn, labeled, columns.size() - (labeled ? 1 : 0), List.of());
  }

  /**
   * As {@link #ParquetRowParser(String, List, boolean, boolean)}, where {@code columns} ends in the
   * {@code extras} columns, after {@code numFeatureColumns} feature columns.
   */
  ParquetRowParser(String file, List<String> columns, boolean vectorColumn, boolean labeled,
      int numFeatureColumns, List<ExtraColumn> extras) {
    this.file = file;
    this.columns = columns.toArray(new String[0]);
    this.vectorColumn = vectorColumn;
    this.first = labeled ? 1 : 0;
    this.end = first + numFeatureColumns;
    this.extras = extras.toArray(new ExtraColumn[0]);
  }

  @Override
  public LabeledPoint parse(Row row, long number) {
    double label = first == 1 ? number(row, 0, number) : Double.NaN;
    if (vectorColumn) {
      Object v = row.get(first);
      if (v == null) {
        throw DataFormatException.atRow(file, number, columns[first], "expected a vector, found null");
      }
      Vector features = v instanceof Vector ? (Vector) v : ((org.apache.spark.mllib.linalg.Vector) v).asML();
      return new LabeledPoint(label, features);
    }
    double[] features = new double[end - first];
    for (int k = first; k < end; k++) {
      features[k - first] = number(row, k, number);
    }
    return new LabeledPoint(label, Vectors.dense(features));
  }

  @Override
  public Object[] extras(Row row, long number) {
    if (extras.length == 0) {
      return NO_EXTRAS;
    }
    Object[] values = new Object[extras.length];
    for (int j = 0; j < extras.length; j++) {
      Object cell = row.get(end + j);
      values[j] = extras[j].fromCell(cell);
      if (values[j] == null) {
        throw DataFormatException.atRow(file, number, columns[end + j], "expected " + extras[j].expected()
            + ", found " + (cell == null ? "null" : cell));
      }
    }
    return values;
  }

  private double number(Row row, int k, long number) {
    Object v = row.get(k);
    if (v == null) {
      throw DataFormatException.atRow(file, number, columns[k], "expected a number, found null");
    }
    double x = ((Number) v).doubleValue();
    if (!Double.isFinite(x)) {
      throw DataFormatException.atRow(file, number, columns[k], "expected a finite number, found " + x);
    }
    return x;
  }

  @Override
  public String unit() {
    return "row";
  }

  @Override
  public String file() {
    return file;
  }
}
