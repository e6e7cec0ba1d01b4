package io.sparkmlp.config;

/**
 * A usage or configuration error (exit code 2): the message is one line that names the file, line
 * and key, or the flag, with what was expected and what was found.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
