package io.sparkmlp.data;

/**
 * Bad input data: the message names where (file, line or row, column) and says what was expected
 * and what was found, e.g. {@code "/d/train.csv, line 12, column 'x3': expected a finite number, found 'abc'"}.
 *
 * <p>The location is also kept in fields so that a reader can renumber a line found by a Spark
 * task that only knew its position within its partition ({@link #atRecord(long)}).
 */
public class DataFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String unit;
  private final long record;
  private final String column;
  private final String problem;

  /**
   * @param source the file (or directory) the bad data is in; never null
   * @param unit {@code "line"} for text files, {@code "row"} for Parquet, {@code "image"} for IDX, or null
   * @param record 1-based line or row number, or a value &lt; 1 when not applicable
   * @param column the column name (or feature index) at fault, or null
   * @param problem what was expected and what was found
   */
  public DataFormatException(String source, String unit, long record, String column, String problem) {
    super(format(source, unit, record, column, problem));
    this.source = source;
    this.unit = unit;
    this.record = record;
    this.column = column;
    this.problem = problem;
  }

  /** As {@link #DataFormatException(String, String, long, String, String)}, with the exception that revealed it. */
  public DataFormatException(String source, String unit, long record, String column, String problem, Throwable cause) {
    this(source, unit, record, column, problem);
    initCause(cause);
  }

  /** An error about a whole file or path, with no line or column. */
  public static DataFormatException inFile(String source, String problem) {
    return new DataFormatException(source, null, 0, null, problem);
  }

  /** An error on one 1-based line of a text file; {@code column} may be null. */
  public static DataFormatException atLine(String file, long line, String column, String problem) {
    return new DataFormatException(file, "line", line, column, problem);
  }

  /** An error on one 1-based row of a Parquet file; {@code column} may be null. */
  public static DataFormatException atRow(String file, long row, String column, String problem) {
    return new DataFormatException(file, "row", row, column, problem);
  }

  /** The same error at another line or row number, e.g. partition-local number plus partition offset. */
  public DataFormatException atRecord(long newRecord) {
    DataFormatException moved = new DataFormatException(source, unit, newRecord, column, problem);
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  /** Quotes a found value for a message, cut to 40 characters so a huge line cannot flood a log. */
  public static String quote(String found) {
    if (found == null) {
      return "nothing";
    }
    String cut = found.length() > 40 ? found.substring(0, 37) + "..." : found;
    return "'" + cut + "'";
  }

  public String source() {
    return source;
  }

  /** {@code "line"}, {@code "row"}, {@code "image"}, or null. */
  public String unit() {
    return unit;
  }

  /** 1-based line or row number; &lt; 1 when the error is not about one record. */
  public long record() {
    return record;
  }

  /** The column at fault, or null. */
  public String column() {
    return column;
  }

  /** What was expected and what was found, without the location. */
  public String problem() {
    return problem;
  }

  private static String format(String source, String unit, long record, String column, String problem) {
    StringBuilder sb = new StringBuilder(String.valueOf(source));
    if (unit != null && record >= 1) {
      sb.append(", ").append(unit).append(' ').append(record);
    }
    if (column != null) {
      sb.append(", column '").append(column).append('\'');
    }
    return sb.append(": ").append(problem).toString();
  }
}
