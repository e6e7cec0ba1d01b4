package io.sparkmlp.config;

/**
 * One raw value of a train key and where it came from, so that an error about it can name the
 * place: a config file and line, a flag, or the built-in default.
 *
 * @param file the config file it was read from, or null
 * @param line its 1-based line in {@code file}, or 0
 * @param fromFlag true when it was given as the flag {@code --key}
 */
public record Setting(String key, String value, String file, int line, boolean fromFlag) {

  public static Setting fromFile(String key, String value, String file, int line) {
    return new Setting(key, value, file, line, false);
  }

  public static Setting fromFlag(String key, String value) {
    return new Setting(key, value, null, 0, true);
  }

  public static Setting byDefault(String key, String value) {
    return new Setting(key, value, null, 0, false);
  }

  /** E.g. {@code conf/mnist.conf, line 12, key 'lr'} or {@code flag --lr}. */
  public String where() {
    if (file != null) {
      return file + ", line " + line + ", key '" + key + "'";
    }
    return fromFlag ? "flag --" + key : "default of key '" + key + "'";
  }

  /** An error about this value: where it is, what was found, what was expected. */
  public ConfigException error(String expected) {
    return new ConfigException(where() + ": expected " + expected + ", found '" + value + "'");
  }
}
