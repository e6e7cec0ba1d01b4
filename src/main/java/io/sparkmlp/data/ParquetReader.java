package io.sparkmlp.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * The Parquet reader. The features are the vector column {@code featuresCol} when the files have
 * it (an {@code ml} or {@code mllib} vector, taken as it is); otherwise, when it is the default
 * name {@code features}, every numeric column but the label, in schema order, assembled into a
 * dense vector (a name given by the user must be there). The label column must be numeric.
 * Each file is read on its own and the files are concatenated in name order, so row order is
 * file order (Spark's own multi-file scan orders files by size). Rows are numbered from 1 within
 * their file in error messages.
 */
final class ParquetReader {
  private ParquetReader() {}

  /**
   * @param numPartitions the partition count of the frame, or {@code <= 0} for Spark's split of the files
   * @throws DataFormatException naming the path when it is missing; naming the file and listing its
   *     columns when the label column is missing or not numeric, or when there is neither a vector
   *     column {@code featuresCol} nor another numeric column; naming the file, row and column of a null
   */
  static Dataset<Row> read(SparkSession spark, String path, String labelCol, String featuresCol, int numPartitions) {
    return read(spark, path, labelCol, featuresCol, List.of(), java.util.Set.of(), numPartitions);
  }

  /**
   * As {@link #read(SparkSession, String, String, String, int)}, with the {@code extras} columns
   * carried after {@code features} (never features themselves), each of which must be in every
   * file, of its type; the {@code skipped} columns, where a file has them, are not features either.
   */
  static Dataset<Row> read(SparkSession spark, String path, String labelCol, String featuresCol,
      List<ExtraColumn> extras, java.util.Set<String> skipped, int numPartitions) {
    List<InputFiles.Entry> files = InputFiles.list(spark, path);
    List<RecordTable.Source<Row>> sources = new ArrayList<>();
    for (InputFiles.Entry f : files) {
      Dataset<Row> df = open(spark, f);
      StructType schema = without(withoutExtras(f.display(), df.schema(), extras), skipped);
      List<String> columns = columns(f.display(), schema, labelCol, featuresCol);
      int first = labelCol == null ? 0 : 1;
      boolean vector = columns.size() == first + 1 && columns.get(first).equals(featuresCol)
          && isVector(df.schema().apply(featuresCol));
      int numFeatureColumns = columns.size() - first;
      extras.forEach(c -> columns.add(c.name()));
      Dataset<Row> selected = df.selectExpr(columns.stream().map(c -> "`" + c.replace("`", "``") + "`").toArray(String[]::new));
      sources.add(new RecordTable.Source<>(selected.javaRDD(),
          new ParquetRowParser(f.display(), columns, vector, labelCol != null, numFeatureColumns, extras)));
    }
    return RecordTable.build(spark, sources, RecordTable.Width.SAME, numPartitions, extras);
  }

  private static StructType without(StructType schema, java.util.Set<String> names) {
    return new StructType(java.util.Arrays.stream(schema.fields()).filter(x -> !names.contains(x.name()))
        .toArray(StructField[]::new));
  }

  /** {@code schema} without the extra columns, once each is found there with its type. */
  private static StructType withoutExtras(String file, StructType schema, List<ExtraColumn> extras) {
    StructType rest = schema;
    for (ExtraColumn c : extras) {
      if (schema.getFieldIndex(c.name()).isEmpty()) {
        throw DataFormatException.inFile(file, "expected a column '" + c.name() + "' (" + c.option() + "), found "
            + "the columns " + describe(schema));
      }
      if (!c.accepts(schema.apply(c.name()).dataType())) {
        throw new DataFormatException(file, null, 0, c.name(), "expected a "
            + (c.kind() == ExtraColumn.Kind.WEIGHT ? "numeric" : c.field().dataType().simpleString())
            + " column (" + c.option() + "), found " + schema.apply(c.name()).dataType().simpleString());
      }
      rest = without(rest, java.util.Set.of(c.name()));
    }
    return rest;
  }

  private static Dataset<Row> open(SparkSession spark, InputFiles.Entry f) {
    try {
      return spark.read().parquet(f.uri());
    } catch (RuntimeException e) {
      throw new DataFormatException(f.display(), null, 0, null, "expected a Parquet file, could not read one: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /**
   * The columns to select: the label (unless {@code labelCol} is null), then the vector column or
   * the numeric feature columns.
   */
  static List<String> columns(String file, StructType schema, String labelCol, String featuresCol) {
    String found = "found the columns " + describe(schema);
    if (labelCol == null) {
      return featureColumns(file, schema, null, featuresCol, new ArrayList<>(), found);
    }
    if (schema.getFieldIndex(labelCol).isEmpty()) {
      throw DataFormatException.inFile(file, "expected a label column '" + labelCol + "' (--label-col), " + found);
    }
    if (!isNumeric(schema.apply(labelCol).dataType())) {
      throw new DataFormatException(file, null, 0, labelCol, "expected a numeric label column, " + found);
    }
    return featureColumns(file, schema, labelCol, featuresCol, new ArrayList<>(List.of(labelCol)), found);
  }

  /** Appends to {@code columns} the vector column, or else every numeric column but the label. */
  private static List<String> featureColumns(String file, StructType schema, String labelCol,
      String featuresCol, List<String> columns, String found) {
    int before = columns.size();
    if (schema.getFieldIndex(featuresCol).isDefined() && isVector(schema.apply(featuresCol))) {
      columns.add(featuresCol);
      return columns;
    }
    if (!featuresCol.equals(DataOptions.DEFAULT_FEATURES_COL)) { // a name the user gave must be there
      throw DataFormatException.inFile(file, "expected a vector column '" + featuresCol + "' (--features-col), "
          + found);
    }
    for (StructField f : schema.fields()) {
      if (!f.name().equals(labelCol) && isNumeric(f.dataType())) {
        columns.add(f.name());
      }
    }
    if (columns.size() == before) {
      throw DataFormatException.inFile(file, "expected a vector column '" + featuresCol + "' (--features-col) "
          + "or numeric feature columns" + (labelCol == null ? "" : " besides the label '" + labelCol + "'")
          + ", " + found);
    }
    return columns;
  }

  private static boolean isNumeric(DataType t) {
    return t instanceof NumericType || t instanceof DecimalType;
  }

  private static boolean isVector(StructField f) {
    if (!(f.dataType() instanceof UserDefinedType<?> udt)) {
      return false;
    }
    Class<?> c = udt.userClass();
    return org.apache.spark.ml.linalg.Vector.class.isAssignableFrom(c)
        || org.apache.spark.mllib.linalg.Vector.class.isAssignableFrom(c);
  }

  private static String describe(StructType schema) {
    List<String> parts = new ArrayList<>();
    for (StructField f : schema.fields()) {
      parts.add(f.name() + " (" + f.dataType().simpleString() + ")");
    }
    return parts.isEmpty() ? "(none)" : String.join(", ", parts);
  }
}
