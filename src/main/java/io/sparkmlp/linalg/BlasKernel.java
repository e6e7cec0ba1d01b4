package io.sparkmlp.linalg;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OpenBLAS kernel set this JVM runs, how it was chosen, and a warning when it is a slow one
 * the CPU does not need. Worked out once per JVM, at the first call, and logged then.
 *
 * <ul>
 *   <li>{@code OPENBLAS_CORETYPE} set by a sparkmlp launcher (it also sets
 *       {@value #LAUNCHER_MARK}): the launcher's {@link KernelProbe} chose it; its figures come
 *       from the cache.
 *   <li>{@code OPENBLAS_CORETYPE} set otherwise: the user's or the environment's, kept as it is.
 *   <li>Not set: OpenBLAS detects by itself, and this JVM probes (cached per host) to learn what it
 *       detected and whether a candidate is faster; when one is, it warns with the setting to
 *       add. This is what a program using the library without our launchers gets, and what an
 *       executor on a node that no launcher probed gets. {@code SPARKMLP_BLAS_PROBE=off} (or
 *       {@code -Dsparkmlp.blas.probe=off}) skips the probe.
 * </ul>
 */
public final class BlasKernel {
  /** Set by the launchers, with the value they exported, next to {@code OPENBLAS_CORETYPE}. */
  public static final String LAUNCHER_MARK = "SPARKMLP_OPENBLAS_CORETYPE";
  private static final Logger LOG = LoggerFactory.getLogger(BlasKernel.class);

  /**
   * @param kernel the kernel set, e.g. {@code SkylakeX}; null when unknown or not OpenBLAS
   * @param source how it was chosen: {@code sparkmlp probe}, {@code environment},
   *     {@code OpenBLAS auto-detection}, {@code unknown}
   * @param detail one clause for people
   * @param warning what to do about a slow kernel, or null
   */
  public record Report(String kernel, String source, String detail, String warning) {}

  private static volatile Report here;

  private BlasKernel() {}

  /** This JVM's report, worked out (and logged) at the first call. */
  public static Report here() {
    Report r = here;
    if (r == null) {
      synchronized (BlasKernel.class) {
        if (here == null) {
          here = detect(System.getenv(), probingEnabled(), ProbeCache::forThisUser);
          log(here);
        }
        r = here;
      }
    }
    return r;
  }

  static Report detect(Map<String, String> env, boolean probe,
      java.util.function.Supplier<ProbeCache> cache) {
    if (!Blas.isNative()) {
      return new Report(null, "unknown", "Java fallback", null);
    }
    if (OpenBlasLibrary.loaded() == null) {
      return new Report(null, "unknown", "a native BLAS that is not OpenBLAS", null);
    }
    String set = blankToNull(env.get("OPENBLAS_CORETYPE"));
    if (set != null && set.equals(env.get(LAUNCHER_MARK))) {
      ProbeResult r = cachedOrNull(cache);
      return new Report(set, "sparkmlp probe", "kernel " + set + " (OPENBLAS_CORETYPE, chosen by sparkmlp's probe"
          + (r != null && set.equals(r.choice()) ? ": " + r.verdict() : "") + ")", null);
    }
    if (set != null) {
      return new Report(set, "environment", "kernel " + set + " (OPENBLAS_CORETYPE set in the environment, kept)", null);
    }
    if (!probe) {
      return new Report(null, "OpenBLAS auto-detection",
          "kernel chosen by OpenBLAS itself (not probed: SPARKMLP_BLAS_PROBE=off)", null);
    }
    ProbeResult r;
    try {
      r = KernelProbe.probe(cache.get(), false, LOG::info);
    } catch (RuntimeException e) {
      return new Report(null, "OpenBLAS auto-detection", "kernel chosen by OpenBLAS itself (the probe failed: "
          + e.getMessage() + ")", null);
    }
    if (r == null) {
      return new Report(null, "OpenBLAS auto-detection", "kernel chosen by OpenBLAS itself", null);
    }
    String own = r.own().loaded();
    if (r.choice() == null) {
      return new Report(own, "OpenBLAS auto-detection", String.format(java.util.Locale.ROOT,
          "kernel %s (chosen by OpenBLAS itself; the probe found none faster, %.1f GFLOP/s float32)",
          own, r.own().float32()), null);
    }
    String warning = String.format(java.util.Locale.ROOT, "OpenBLAS runs its %s%s kernels on this %s;"
        + " %s is %.1fx faster here (%s). Set OPENBLAS_CORETYPE=%s in the environment of the JVM"
        + " that computes: for Spark executors, --conf spark.executorEnv.OPENBLAS_CORETYPE=%s; for the"
        + " driver and local mode, export it before spark-submit (sparkmlp's jobs/*.sh do this"
        + " themselves).", OpenBlasCores.isGeneric(own) ? "generic " : "", own, r.cpu(), r.choice(),
        r.gain(), r.verdict(), r.choice(), r.choice());
    return new Report(own, "OpenBLAS auto-detection", "kernel " + own + " (chosen by OpenBLAS itself)", warning);
  }

  private static ProbeResult cachedOrNull(java.util.function.Supplier<ProbeCache> cache) {
    try {
      CpuInfo cpu = CpuInfo.here();
      java.nio.file.Path lib = OpenBlasLibrary.loaded();
      return cpu == null || lib == null ? null : cache.get().read(ProbeCache.key(cpu, lib));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void log(Report r) {
    if (r.warning() != null) {
      LOG.warn("BLAS: {}", r.warning());
    } else {
      LOG.info("BLAS kernel: {}", r.detail());
    }
  }

  static boolean probingEnabled() {
    String v = System.getProperty("sparkmlp.blas.probe", System.getenv("SPARKMLP_BLAS_PROBE"));
    return v == null || !(v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false") || v.equals("0"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
