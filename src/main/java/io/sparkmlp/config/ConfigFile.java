package io.sparkmlp.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a train config file: one {@code key = value} per line, keys being the long flag names
 * without {@code --} ({@link TrainKeys}); blank lines and comments are skipped. A comment is a
 * line whose first non-blank character is {@code #}, or the rest of a line from a {@code #}
 * that follows a blank. Relative values of {@link TrainKeys.Kind#PATH} keys are resolved
 * against the file's directory.
 *
 * <p>Every problem is a {@link ConfigException} naming the file and line (and the key): a line
 * without {@code =}, an unknown key, a key that only exists as a flag, a duplicate key, an empty
 * value.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** The settings of {@code file}, in file order. */
  public static Map<String, Setting> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot read it (" + e.getMessage() + ")");
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    return parse(text, file.toString(), dir);
  }

  /**
   * The settings in {@code text}.
   *
   * @param name the file's name for messages
   * @param baseDir what relative paths are resolved against
   */
  public static Map<String, Setting> parse(String text, String name, Path baseDir) {
    Map<String, Setting> out = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      int n = i + 1;
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ConfigException(name + ", line " + n + ": expected 'key = value', found '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      checkKey(key, name, n, out);
      if (value.isEmpty()) {
        throw new ConfigException(name + ", line " + n + ", key '" + key + "': expected a value after '=', found none");
      }
      if (TrainKeys.get(key).kind() == TrainKeys.Kind.PATH) {
        value = PathValues.resolve(value, baseDir);
      }
      out.put(key, Setting.fromFile(key, value, name, n));
    }
    return out;
  }

  private static void checkKey(String key, String name, int line, Map<String, Setting> seen) {
    String where = name + ", line " + line;
    if (key.isEmpty()) {
      throw new ConfigException(where + ": expected a key before '=', found none");
    }
    TrainKeys.Key k = TrainKeys.find(key).orElseThrow(() -> new ConfigException(where
        + ": unknown key '" + key + "'" + TrainKeys.closest(key).map(c -> " (did you mean '" + c + "'?)")
        .orElse("") + "; the keys are the long flag names without '--', see Train --help"));
    if (!k.fileKey()) {
      throw new ConfigException(where + ": key '" + key + "' is only a command-line flag (--" + key
          + "), not a config file key");
    }
    Setting first = seen.get(key);
    if (first != null) {
      throw new ConfigException(where + ": duplicate key '" + key + "' (first set on line "
          + first.line() + ")");
    }
  }

  private static String stripComment(String line) {
    String t = line.stripLeading();
    if (t.startsWith("#")) {
      return "";
    }
    for (int i = 1; i < line.length(); i++) {
      if (line.charAt(i) == '#' && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
