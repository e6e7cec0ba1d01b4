package io.sparkmlp.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The CSV and LIBSVM readers: each file of the path is read with {@code textFile} (so {@code .gz}
 * and other Hadoop codecs work), its lines parsed by a {@link CsvLineParser} or {@link LibsvmLineParser},
 * and the files concatenated in name order by {@link RecordTable}. Row order is file order.
 */
final class TextReaders {
  private TextReaders() {}

  /**
   * Reads CSV: line 1 of each file is a header naming the columns, the same in every file; the
   * column {@code labelCol} is the label, every other column a feature of a dense vector, in header order.
   *
   * @param numPartitions the partition count of the frame, or {@code <= 0} for Spark's split of the files
   * @throws DataFormatException naming the path when it is missing, or the file, the line and the column of the
   *     first bad line (wrong field count, an empty field, a value that is not a finite number)
   */
  static Dataset<Row> csv(SparkSession spark, String path, String labelCol, int numPartitions) {
    return csv(spark, path, labelCol, List.of(), java.util.Set.of(), numPartitions);
  }

  /**
   * As {@link #csv(SparkSession, String, String, int)}, the {@code extras} columns carried, and the
   * {@code skipped} ones that are there left out, rather than being features.
   */
  static Dataset<Row> csv(SparkSession spark, String path, String labelCol, List<ExtraColumn> extras,
      java.util.Set<String> skipped, int numPartitions) {
    List<InputFiles.Entry> files = InputFiles.list(spark, path);
    List<RecordTable.Source<String>> sources = new ArrayList<>();
    CsvLineParser first = null;
    for (InputFiles.Entry f : files) {
      String header = InputFiles.firstLine(spark, f.uri());
      if (header == null) {
        throw DataFormatException.inFile(f.display(), "expected a header line naming the columns, found an empty file");
      }
      CsvLineParser parser = new CsvLineParser(f.display(), header, labelCol, extras, skipped);
      if (first != null && !first.columns().equals(parser.columns())) {
        throw DataFormatException.atLine(f.display(), 1, null, "expected the same columns as " + first.file()
            + " (" + String.join(", ", first.columns()) + "), found " + String.join(", ", parser.columns()));
      }
      first = first == null ? parser : first;
      sources.add(new RecordTable.Source<>(lines(spark, f, files, numPartitions), parser));
    }
    return RecordTable.build(spark, sources, RecordTable.Width.SAME, numPartitions, extras);
  }

  /**
   * Reads labelled text (CSV with a header, quoted fields) with Spark's CSV reader into
   * {@code (label, text)}: the label as a double, named {@link LabeledFrames#LABEL}; the text
   * column as it is, named {@code textCol}. A null label or text is an error naming the file's
   * row; a missing column names the columns there are.
   *
   * @param labelCol the label column, or null for unlabelled text (only {@code text} then)
   * @param numPartitions the partition count, or {@code <= 0} for Spark's default parallelism
   */
  static Dataset<Row> labelledText(SparkSession spark, String path, String labelCol, String textCol,
      int numPartitions) {
    return labelledText(spark, path, labelCol, textCol, List.of(), numPartitions);
  }

  /**
   * As {@link #labelledText(SparkSession, String, String, String, int)}, with the {@code extras}
   * columns after the text, cast to their type; a row whose value does not cast is an error.
   */
  static Dataset<Row> labelledText(SparkSession spark, String path, String labelCol, String textCol,
      List<ExtraColumn> extras, int numPartitions) {
    InputFiles.list(spark, path); // a missing path is named like every other format's
    Dataset<Row> df = spark.read().option("header", true).option("escape", "\"")
        .option("multiLine", true).csv(path);
    java.util.List<String> cols = java.util.Arrays.asList(df.columns());
    for (String c : labelCol == null ? List.of(textCol) : List.of(labelCol, textCol)) {
      if (!cols.contains(c)) {
        throw DataFormatException.inFile(path, "expected a column '" + c + "' (text data: a label and a"
            + " text column), found " + cols);
      }
    }
    List<org.apache.spark.sql.Column> selected = new ArrayList<>();
    if (labelCol != null) {
      selected.add(df.col(labelCol).cast("double").as(LabeledFrames.LABEL));
    }
    selected.add(df.col(textCol));
    for (ExtraColumn c : extras) {
      if (!cols.contains(c.name())) {
        throw DataFormatException.inFile(path, "expected a column '" + c.name() + "' (" + c.option()
            + "), found " + cols);
      }
      // try_cast: a value that is not one is null, counted below, whatever spark.sql.ansi.enabled says
      selected.add(df.col(c.name()).try_cast(c.field().dataType()).as(c.name()));
    }
    Dataset<Row> out = df.select(selected.toArray(new org.apache.spark.sql.Column[0]));
    long bad = labelCol == null ? 0 : out.filter(out.col(LabeledFrames.LABEL).isNull()
        .or(out.col(textCol).isNull())).count();
    if (bad > 0) {
      throw DataFormatException.inFile(path, bad + " row(s) have no number in '" + labelCol
          + "' or no text in '" + textCol + "'");
    }
    for (ExtraColumn c : extras) {
      long invalid = out.filter(out.col(c.name()).isNull()).count();
      if (invalid > 0) {
        throw DataFormatException.inFile(path, invalid + " row(s) have no " + c.expected() + " in '"
            + c.name() + "'");
      }
    }
    int n = numPartitions > 0 ? numPartitions : spark.sparkContext().defaultParallelism();
    // By position, so the rows keep their file order (the batch plan's positions follow it).
    return spark.createDataFrame(OrderedPartitions.byPosition(out.javaRDD(), n), out.schema());
  }

  /**
   * Reads LIBSVM ({@code label idx:val ...}, 1-based ascending indices; blank lines and lines
   * starting with {@code #} skipped) into sparse vectors.
   *
   * @param numFeatures the vector size; {@code <= 0} to use the largest index found in all the files
   * @param labeled false for data without labels (see {@link LibsvmLineParser})
   * @param numPartitions the partition count of the frame, or {@code <= 0} for Spark's split of the files
   * @throws DataFormatException naming the path when it is missing, or the file, the line and the item of the
   *     first bad line (bad label, bad {@code idx:val}, an index &lt; 1, not ascending, or &gt; numFeatures)
   */
  static Dataset<Row> libsvm(SparkSession spark, String path, int numFeatures, boolean labeled, int numPartitions) {
    List<InputFiles.Entry> files = InputFiles.list(spark, path);
    List<RecordTable.Source<String>> sources = new ArrayList<>();
    for (InputFiles.Entry f : files) {
      LibsvmLineParser parser = new LibsvmLineParser(f.display(), Math.max(0, numFeatures), labeled);
      sources.add(new RecordTable.Source<>(lines(spark, f, files, numPartitions), parser));
    }
    return RecordTable.build(spark, sources, RecordTable.Width.MAX, numPartitions);
  }

  /** The lines of one file, split into about its share of {@code numPartitions} by size. */
  private static JavaRDD<String> lines(SparkSession spark, InputFiles.Entry f, List<InputFiles.Entry> all,
      int numPartitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (numPartitions <= 0) {
      return jsc.textFile(f.uri());
    }
    long total = Math.max(1, all.stream().mapToLong(InputFiles.Entry::length).sum());
    int share = (int) Math.max(1, Math.ceil((double) numPartitions * f.length() / total));
    return jsc.textFile(f.uri(), share);
  }
}
