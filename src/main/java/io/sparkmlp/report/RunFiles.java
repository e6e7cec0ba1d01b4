package io.sparkmlp.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkmlp.train.EpochRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON files of a run. Keys are snake_case; a NaN or infinite number (no validation set,
 * accuracy of a regression) is written as {@code null}, so that every JSON parser reads the files.
 * <ul>
 *   <li>{@code metrics.jsonl}: one object per epoch holding every {@link EpochRecord} field;
 *   <li>{@code summary.json} and the evaluate job's {@code metrics.json}: one object, pretty-printed.
 * </ul>
 */
public final class RunFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunFiles() {}

  /** One line per epoch, in order: every record component, its name in snake_case. */
  public static void writeMetricsJsonl(Path file, List<EpochRecord> history) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (EpochRecord e : history) {
      sb.append(JSON.writeValueAsString(epochMap(e))).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** {@code values} as one pretty-printed JSON object (maps, lists, arrays, numbers, strings). */
  public static void writeJson(Path file, Map<String, ?> values) throws IOException {
    Files.writeString(file, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(sanitize(values)) + "\n", StandardCharsets.UTF_8);
  }

  /** The fields of one epoch, by snake_case name, with {@code train_rmse} after {@code train_accuracy}; NaN as null. */
  public static Map<String, Object> epochMap(EpochRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : EpochRecord.class.getRecordComponents()) {
      try {
        m.put(snake(c.getName()), sanitize(c.getAccessor().invoke(e)));
        if (c.getName().equals("trainAccuracy")) {
          m.put("train_rmse", sanitize(e.trainRmse()));
        }
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("cannot read EpochRecord." + c.getName(), ex);
      }
    }
    return m;
  }

  /** {@code trainLoss} → {@code train_loss}. */
  public static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** A copy of {@code v} with every non-finite float or double replaced by null. */
  static Object sanitize(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? f : null;
    }
    if (v instanceof double[] a) {
      List<Object> out = new ArrayList<>();
      for (double x : a) {
        out.add(sanitize(x));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), sanitize(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(sanitize(x)));
      return out;
    }
    if (v instanceof Object[] a) {
      return sanitize(java.util.Arrays.asList(a));
    }
    return v;
  }

  /** Reads a JSON file back into a tree (for tests and tools). */
  public static com.fasterxml.jackson.databind.JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": not readable JSON: " + e.getMessage(), e);
    }
  }
}
