package io.sparkmlp.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one entry point from a path to the frame {@code (label double, features vector)} that the
 * trainer reads; see {@link LabeledFrames} for the schema and the feature count in its metadata.
 *
 * <p>Contract, for every format:
 * <ul>
 *   <li>row order is file order (files of a directory in name order), so global row positions are
 *       stable from run to run;
 *   <li>the frame has exactly {@code numPartitions} partitions, or Spark's default when {@code <= 0};
 *   <li>the input is checked while loading (text and Parquet: one full parsing pass; IDX: the
 *       files are read into the driver), so bad data fails here with a {@link DataFormatException}
 *       naming the file, line or row, and column, never later inside a Spark job;
 *   <li>the frame is not cached: the caller caches it if it reads it more than once.
 * </ul>
 */
public final class DataLoader {
  private DataLoader() {}

  /**
   * Loads {@code path} with the default options but these.
   *
   * @param format the format, or null to infer it from the path ({@link DataFormat#infer})
   * @param labelCol CSV and Parquet: the label column (null for {@code label})
   * @param numPartitions partition count of the frame; {@code <= 0} for Spark's default
   */
  public static Dataset<Row> load(SparkSession spark, String path, DataFormat format, String labelCol,
      int numPartitions) {
    DataOptions options = new DataOptions().format(format).numPartitions(numPartitions);
    if (labelCol != null) {
      options.labelCol(labelCol);
    }
    return load(spark, path, options);
  }

  /**
   * Loads {@code path}: an IDX directory (its {@code train-*} pair) or images file (with the labels
   * file named alike), or a LIBSVM, CSV or Parquet file, directory of files, or glob.
   *
   * @throws DataFormatException naming the path when it does not exist, or the place of any bad data
   */
  public static Dataset<Row> load(SparkSession spark, String path, DataOptions options) {
    DataFormat format = options.format() != null ? options.format() : DataFormat.infer(path);
    int n = options.numPartitions();
    java.util.List<ExtraColumn> extras = options.extraColumns();
    if (!extras.isEmpty() && !format.hasNamedColumns()) {
      ExtraColumn c = extras.get(0);
      throw DataFormatException.inFile(path, c.option() + " '" + c.name() + "' names a column, but "
          + format.name().toLowerCase(java.util.Locale.ROOT) + " data has no named columns (csv, parquet"
          + " and text have)");
    }
    switch (format) {
      case IDX:
        IdxDataset idx = options.labeled() ? IdxDataset.read(idxPair(path)) : IdxDataset.readImages(idxImages(path));
        return IdxFrames.toFrame(spark, idx, n);
      case CSV:
        return TextReaders.csv(spark, path, options.labelCol(), extras, options.skippedColumns(), n);
      case LIBSVM:
        return TextReaders.libsvm(spark, path, options.numFeatures(), options.labeled(), n);
      case PARQUET:
        return ParquetReader.read(spark, path, options.labelCol(), options.featuresCol(), extras,
            options.skippedColumns(), n);
      case TEXT:
        return TextReaders.labelledText(spark, path, options.labeled() ? options.labelCol() : null,
            options.textCol(), extras, n);
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
  }

  /**
   * The test set that comes with a training path, if any: for an IDX directory holding the
   * {@code t10k-images-idx3-ubyte[.gz]} / {@code t10k-labels-idx1-ubyte[.gz]} pair, that pair as a
   * frame (with {@link DataOptions#noLabel}, its images file alone); for every other path and
   * format, empty (the caller names a test path itself).
   */
  public static Optional<Dataset<Row>> loadDefaultTest(SparkSession spark, String trainPath, DataOptions options) {
    DataFormat format = options.format() != null ? options.format() : DataFormat.infer(trainPath);
    Path local = InputFiles.localPath(trainPath);
    if (format != DataFormat.IDX || local == null || !Files.isDirectory(local)) {
      return Optional.empty();
    }
    Optional<IdxDataset> test = options.labeled()
        ? IdxDataset.findTest(local).map(IdxDataset::read)
        : IdxDataset.findImages(local, "t10k").map(IdxDataset::readImages);
    return test.map(d -> IdxFrames.toFrame(spark, d, options.numPartitions()));
  }

  /** The IDX pair behind a path: a directory's training pair, or an images file and its labels file. */
  static IdxDataset.Pair idxPair(String path) {
    Path local = existingIdxPath(path);
    if (Files.isDirectory(local)) {
      return IdxDataset.findTrain(local).orElseThrow(() -> DataFormatException.inFile(path,
          "expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in this directory, found neither"));
    }
    return IdxDataset.pairFor(local);
  }

  /** The IDX images file behind a path, for data without labels: a directory's training images, or the file. */
  static Path idxImages(String path) {
    Path local = existingIdxPath(path);
    if (Files.isDirectory(local)) {
      return IdxDataset.findImages(local, "train").orElseThrow(() -> DataFormatException.inFile(path,
          "expected train-images-idx3-ubyte[.gz] in this directory, found no such file"));
    }
    return local;
  }

  private static Path existingIdxPath(String path) {
    Path local = InputFiles.localPath(path);
    if (local == null) {
      throw DataFormatException.inFile(path, "expected a local directory or file for IDX data, found a remote URI");
    }
    if (!Files.exists(local)) {
      throw DataFormatException.inFile(path, "no such file or directory");
    }
    return local;
  }
}
