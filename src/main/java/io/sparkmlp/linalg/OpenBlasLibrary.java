package io.sparkmlp.linalg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The OpenBLAS shared library this JVM has mapped, read from {@code /proc/self/maps}: netlib binds
 * whatever {@code libblas.so.3} resolves to, so this is the only place that says which file (and
 * so which version) actually runs.
 */
final class OpenBlasLibrary {
  private OpenBlasLibrary() {}

  /** The real path of the mapped OpenBLAS library, or null (no native BLAS, another BLAS, not Linux). */
  static Path loaded() {
    if (!Blas.isNative()) {
      return null;
    }
    try {
      return find(Files.readAllLines(Path.of("/proc/self/maps")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The first mapped file whose name says OpenBLAS, e.g. {@code libopenblasp-r0.3.21.so}. */
  static Path find(List<String> maps) {
    for (String line : maps) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      Path p = Path.of(line.substring(slash).trim());
      String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.startsWith("libopenblas") && name.contains(".so")) {
        return p;
      }
    }
    return null;
  }
}
