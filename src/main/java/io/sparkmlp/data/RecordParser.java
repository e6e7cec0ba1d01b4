package io.sparkmlp.data;

import java.io.Serializable;
import org.apache.spark.ml.feature.LabeledPoint;

/**
 * Turns one record of one file (a text line, a Parquet row) into a labelled feature vector.
 * One instance per file; instances travel to executors, so they hold only small, immutable state.
 *
 * @param <T> the record type: {@code String} for text lines, {@code Row} for Parquet rows
 */
interface RecordParser<T> extends Serializable {
  /**
   * Parses the record with 1-based number {@code number} within its file.
   *
   * @return the labelled vector, or null for a record that holds no data (blank line, comment)
   * @throws DataFormatException naming the file, {@code number} and the column at fault
   */
  LabeledPoint parse(T record, long number);

  /** No extra columns. */
  Object[] NO_EXTRAS = new Object[0];

  /**
   * The record's values of the {@link ExtraColumn}s this parser was made with, in their order;
   * called only for a record that {@link #parse} turned into a point.
   *
   * @throws DataFormatException naming the file, {@code number} and the column of a bad value
   */
  default Object[] extras(T record, long number) {
    return NO_EXTRAS;
  }

  /** Records at the start of each file that are not data and are skipped unparsed, e.g. 1 for a CSV header. */
  default int headerRecords() {
    return 0;
  }

  /** {@code "line"} or {@code "row"}, for messages. */
  String unit();

  /** The file this parser reads, for messages. */
  String file();
}
