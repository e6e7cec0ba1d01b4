package io.sparkmlp.linalg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Finds the fastest OpenBLAS kernel set that computes right on this host, and remembers it.
 *
 * <p>OpenBLAS reads {@code OPENBLAS_CORETYPE} once, when it loads, so a kernel can only be tried
 * in a JVM of its own: the probe starts one {@link KernelTiming} child with no value (OpenBLAS's
 * own detection) and one per {@link OpenBlasCores#candidates candidate} the CPU's flags allow,
 * each single-threaded with {@code OPENBLAS_VERBOSE=2} so that OpenBLAS names the core it loaded.
 * A candidate counts only when OpenBLAS loaded the core asked for, its results match a plain-Java
 * GEMM, and its JVM did not crash. The choice ({@link #choose}) is the fastest of those, when it
 * beats OpenBLAS's own by at least {@link #MIN_GAIN}; otherwise no value is needed.
 *
 * <p>The result is cached per host in {@link ProbeCache}, keyed by the host name, the CPU (model and
 * flags) and the library file, so the children run once per machine and library version. The
 * launchers call {@link #main} before the JVM that trains starts; {@link BlasKernel} calls
 * {@link #probe} from inside a JVM that was started without them.
 */
public final class KernelProbe {
  /** How much faster than OpenBLAS's own choice a candidate must be to be set. */
  public static final double MIN_GAIN = 1.10;
  private static final long CHILD_TIMEOUT_SECONDS = 120;

  private KernelProbe() {}

  /**
   * The value to set for {@code OPENBLAS_CORETYPE}, or null when OpenBLAS's own choice is as good
   * (within {@link #MIN_GAIN}) or no candidate passed. {@code trials} holds the run without a
   * value (requested null) and the candidates' runs.
   */
  public static String choose(List<KernelTrial> trials) {
    KernelTrial own = trials.stream().filter(t -> t.requested() == null).findFirst().orElse(null);
    KernelTrial best = null;
    for (KernelTrial t : trials) {
      if (t.requested() != null && t.ok() && (best == null || t.score() > best.score())) {
        best = t;
      }
    }
    if (best == null) {
      return null;
    }
    if (own != null && own.ok() && (OpenBlasCores.sameCore(best.loaded(), own.loaded())
        || best.score() < MIN_GAIN * own.score())) {
      return null;
    }
    return best.requested();
  }

  /**
   * This host's result: from the cache when it holds one for this CPU and library (and not
   * {@code refresh}), else probed now, under a file lock so that JVMs starting together on one
   * host probe once and do not time each other. Null when the native BLAS is not OpenBLAS or
   * the CPU is unknown.
   */
  public static synchronized ProbeResult probe(ProbeCache cache, boolean refresh,
      java.util.function.Consumer<String> progress) {
    CpuInfo cpu = CpuInfo.here();
    Path lib = OpenBlasLibrary.loaded();
    if (cpu == null || lib == null) {
      return null;
    }
    String key = ProbeCache.key(cpu, lib);
    if (!refresh) {
      ProbeResult hit = cache.read(key);
      if (hit != null) {
        return hit;
      }
    }
    Path lockFile = cache.file(key).resolveSibling(cache.file(key).getFileName() + ".lock");
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = ch.lock()) {
      ProbeResult hit = refresh ? null : cache.read(key);
      if (hit != null) {
        return hit; // another JVM probed while this one waited
      }
      progress.accept("probing OpenBLAS kernels on " + cpu.describe() + ", " + lib
          + " (once per host and library; cached in " + cache.file(key) + ")");
      List<KernelTrial> trials = new ArrayList<>();
      List<String> values = new ArrayList<>();
      values.add(null);
      values.addAll(OpenBlasCores.candidates(cpu));
      for (String v : values) {
        KernelTrial t = trial(v);
        progress.accept("  " + t.describe());
        trials.add(t);
      }
      ProbeResult r = new ProbeResult(key, cpu.describe(), lib.toString(), trials, choose(trials),
          cache.file(key), false);
      cache.write(r);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock or write the BLAS probe cache " + lockFile, e);
    }
  }

  /** Runs {@link KernelTiming} in a child JVM with {@code OPENBLAS_CORETYPE=value} (none if null). */
  static KernelTrial trial(String value) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", childClasspath(),
        KernelTiming.class.getName());
    Map<String, String> env = pb.environment();
    env.remove("OPENBLAS_CORETYPE");
    if (value != null) {
      env.put("OPENBLAS_CORETYPE", value);
    }
    env.put("OPENBLAS_VERBOSE", "2");
    env.put("OPENBLAS_NUM_THREADS", "1");
    try {
      Path err = Files.createTempFile("sparkmlp-kernel-probe", ".err");
      try {
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new KernelTrial(value, null, "timeout", 0, 0, "no answer in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        return parse(value, out, Files.readString(err, StandardCharsets.UTF_8), p.exitValue());
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new KernelTrial(value, null, "crashed", 0, 0, "could not start " + java + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new KernelTrial(value, null, "timeout", 0, 0, "interrupted");
    }
  }

  /** A child's stdout, stderr and exit code as a trial. */
  static KernelTrial parse(String value, String out, String err, int exit) {
    String loaded = null;
    boolean notFound = false;
    for (String line : err.split("\n")) {
      if (line.startsWith("Core: ")) {
        loaded = line.substring(6).trim();
      } else if (line.startsWith("Core not found")) {
        notFound = true;
      }
    }
    String result = out.lines().filter(l -> l.startsWith("kernel-timing ")).findFirst().orElse(null);
    if (exit != 0 || result == null) {
      String tail = err.strip().lines().reduce((a, b) -> b).orElse("");
      return new KernelTrial(value, loaded, "crashed", 0, 0, "exit " + exit + (tail.isEmpty() ? "" : ": " + tail));
    }
    if (value != null && (notFound || !OpenBlasCores.sameCore(value, loaded))) {
      return new KernelTrial(value, loaded, "refused", 0, 0, "OpenBLAS did not load the core asked for");
    }
    String[] f = result.split(" ", 3);
    return switch (f[1]) {
      case "ok" -> {
        String[] rates = f[2].split(" ");
        yield new KernelTrial(value, loaded, "ok", Double.parseDouble(rates[0]), Double.parseDouble(rates[1]), "");
      }
      case "wrong" -> new KernelTrial(value, loaded, "wrong", 0, 0, f[2]);
      default -> new KernelTrial(value, loaded, "java", 0, 0, "netlib bound no native BLAS");
    };
  }

  /**
   * The jars (or directories) of what {@link KernelTiming} loads: this package, netlib's BLAS and
   * the {@code org.netlib.util} classes its JNI binding needs, and the logging API.
   */
  private static String childClasspath() {
    java.util.LinkedHashSet<String> cp = new java.util.LinkedHashSet<>();
    for (String c : List.of(KernelTiming.class.getName(), "dev.ludovic.netlib.blas.BLAS",
        "org.netlib.util.booleanW", "org.slf4j.LoggerFactory")) {
      try {
        cp.add(codeSource(Class.forName(c, false, KernelProbe.class.getClassLoader())));
      } catch (ClassNotFoundException e) {
        // not on this class path: the child runs without it, and says so if it needs it
      }
    }
    return String.join(java.io.File.pathSeparator, cp);
  }

  private static String codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException | RuntimeException e) {
      return System.getProperty("java.class.path");
    }
  }

  /**
   * For the launchers, before the JVM that trains starts: prints the value to export as
   * {@code OPENBLAS_CORETYPE} on stdout (an empty line when none is needed), and, when it
   * probes, its progress on stderr. {@code --refresh} probes again; {@code --show} prints the
   * whole result instead.
   */
  public static void main(String[] args) {
    boolean refresh = List.of(args).contains("--refresh");
    boolean show = List.of(args).contains("--show");
    ProbeResult r = probe(ProbeCache.forThisUser(), refresh, line -> System.err.println("blas: " + line));
    if (show) {
      System.out.println(r == null ? "no OpenBLAS loaded, or no /proc/cpuinfo: nothing to probe" : r.describe());
    } else {
      System.out.println(r == null || r.choice() == null ? "" : r.choice());
    }
  }
}
