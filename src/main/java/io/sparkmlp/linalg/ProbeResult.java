package io.sparkmlp.linalg;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@link KernelProbe} found on one host.
 *
 * @param key the cache key: host, CPU and library
 * @param cpu the CPU, for people
 * @param library the OpenBLAS file that was loaded
 * @param trials the run without a value first, then each candidate's
 * @param choice the {@code OPENBLAS_CORETYPE} to set, or null when OpenBLAS's own choice is as good
 * @param file where it is cached
 * @param cached true when read from the cache rather than probed by this JVM
 */
public record ProbeResult(String key, String cpu, String library, List<KernelTrial> trials,
    String choice, Path file, boolean cached) {

  public ProbeResult {
    trials = List.copyOf(trials);
  }

  /** The run without {@code OPENBLAS_CORETYPE}: what OpenBLAS picks by itself. */
  public KernelTrial own() {
    return trials.stream().filter(t -> t.requested() == null).findFirst().orElseThrow();
  }

  /** The trial of {@code value}, or null when it was not tried. */
  public KernelTrial trialOf(String value) {
    return trials.stream().filter(t -> t.requested() != null && OpenBlasCores.sameCore(t.requested(), value))
        .findFirst().orElse(null);
  }

  /**
   * The choice's speed over OpenBLAS's own (the ratio of {@link KernelTrial#score()}s, the
   * geometric mean of both precisions), or 1 when there is no choice.
   */
  public double gain() {
    KernelTrial c = choice == null ? null : trialOf(choice);
    return c == null || own().score() == 0 ? 1 : c.score() / own().score();
  }

  /**
   * E.g. {@code 148.8 GFLOP/s float32 and 64.3 float64, against 32.9 and 15.8 for OpenBLAS's own
   * Prescott} for a choice,
   * or {@code OpenBLAS's own Haswell is the fastest that computes right here, 72.0 GFLOP/s float32}.
   */
  public String verdict() {
    KernelTrial own = own();
    String ownName = own.loaded() == null ? "choice" : own.loaded();
    if (choice == null) {
      return own.ok()
          ? String.format(Locale.ROOT, "OpenBLAS's own %s is the fastest that computes right here, %.1f GFLOP/s float32",
              ownName, own.float32())
          : "no kernel passed: " + own.describe();
    }
    KernelTrial c = trialOf(choice);
    return String.format(Locale.ROOT, "%.1f GFLOP/s float32 and %.1f float64, against %.1f and %.1f for"
        + " OpenBLAS's own %s", c.float32(), c.float64(), own.float32(), own.float64(), ownName);
  }

  /** Several lines: the CPU, the library, every trial and the verdict. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("CPU: ").append(cpu).append('\n').append("library: ").append(library).append('\n');
    for (KernelTrial t : trials) {
      sb.append("  ").append(t.describe()).append('\n');
    }
    sb.append("choice: ").append(choice == null ? "none needed" : "OPENBLAS_CORETYPE=" + choice)
        .append(" (").append(verdict()).append(")\n").append(cached ? "cached in " : "written to ").append(file);
    return sb.toString();
  }
}
