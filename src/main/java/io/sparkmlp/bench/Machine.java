package io.sparkmlp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run measured on, from /proc where there is one. */
final class Machine {
  private Machine() {}

  /** E.g. {@code 2 cores, Intel(R) Xeon(R) Processor (GenuineIntel family 6 model 207), 23.4 GiB}. */
  static String describe() {
    io.sparkmlp.linalg.CpuInfo info = io.sparkmlp.linalg.CpuInfo.here();
    String cpu = info == null ? null : info.describe();
    String mem = firstValue("/proc/meminfo", "MemTotal");
    String gib = mem == null ? "?" : String.format(java.util.Locale.ROOT, "%.1f GiB",
        Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    return Runtime.getRuntime().availableProcessors() + " cores, " + (cpu == null ? "unknown CPU" : cpu)
        + ", " + gib + " RAM";
  }

  /**
   * This JVM's JIT policy: conf/jit-directives.json's (C2 for the numeric code and Spark SQL),
   * given by scripts/_jit.sh, another directives file, or HotSpot's own.
   */
  static String jit() {
    for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-XX:CompilerDirectivesFile=")) {
        String file = arg.substring(arg.indexOf('=') + 1);
        return file.endsWith("conf/jit-directives.json")
            ? "C2 for sparkmlp's, netlib's, MLlib's, Breeze's and Spark SQL's code, C1 for the rest (Spark's"
                + " engine, Scala, the JDK): " + file
            : "compiler directives from " + file;
      }
    }
    return "HotSpot's default tiered policy (C1, then C2 for every hot method)";
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String firstValue(String file, String key) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (String l : lines) {
        if (l.startsWith(key)) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
