package io.sparkmlp.config;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/** Path values of the train keys: resolution against a directory, URIs, {@code none}, {@code {time}}. */
public final class PathValues {
  /** The word that turns an optional path (checkpoint-dir) off. */
  public static final String NONE = "none";
  /** Replaced by the run's start time in out and checkpoint-dir. */
  public static final String TIME = "{time}";
  public static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

  private PathValues() {}

  /**
   * {@code value} as an absolute, normalized local path resolved against {@code base}; a URI
   * with a scheme ({@code hdfs://…}, {@code file:/…}) and {@code none} are returned as they are.
   */
  public static String resolve(String value, Path base) {
    if (isUri(value) || NONE.equalsIgnoreCase(value)) {
      return value;
    }
    return base.resolve(value).toAbsolutePath().normalize().toString();
  }

  public static boolean isUri(String value) {
    return URI_SCHEME.matcher(value).matches();
  }

  /** {@code value} with every {@code {time}} replaced by {@code time} as yyyyMMdd-HHmmss. */
  public static String expandTime(String value, LocalDateTime time) {
    return value.replace(TIME, TIME_FORMAT.format(time));
  }
}
