package io.sparkmlp.linalg;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Where {@link KernelProbe} keeps its results: one properties file per key, in
 * {@code $SPARKMLP_CACHE_DIR}, else {@code $XDG_CACHE_HOME/sparkmlp}, else
 * {@code ~/.cache/sparkmlp}, else (not writable) {@code java.io.tmpdir/sparkmlp-USER}. A file is
 * written under a temporary name and renamed, so a reader never sees half of one; one that does
 * not parse is ignored and probed again.
 */
public final class ProbeCache {
  /** Part of every key: a change to what the probe measures or how it chooses starts afresh. */
  static final String PROBE_VERSION = "1";
  private final Path dir;

  public ProbeCache(Path dir) {
    this.dir = dir;
  }

  /** The directory this user's JVMs share, as above. */
  public static ProbeCache forThisUser() {
    List<Path> tries = new ArrayList<>();
    String explicit = System.getenv("SPARKMLP_CACHE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      tries.add(Path.of(explicit));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    tries.add(xdg != null && !xdg.isBlank() ? Path.of(xdg, "sparkmlp")
        : Path.of(System.getProperty("user.home"), ".cache", "sparkmlp"));
    tries.add(Path.of(System.getProperty("java.io.tmpdir"), "sparkmlp-" + System.getProperty("user.name")));
    for (Path p : tries) {
      try {
        Files.createDirectories(p);
        if (Files.isWritable(p)) {
          return new ProbeCache(p);
        }
      } catch (IOException | SecurityException e) {
        // the next place
      }
    }
    throw new IllegalStateException("no writable directory for the BLAS probe cache among " + tries
        + "; set SPARKMLP_CACHE_DIR");
  }

  public Path dir() {
    return dir;
  }

  /** Host, CPU model and flags, and the library's path, size and modification time. */
  static String key(CpuInfo cpu, Path lib) {
    String libId;
    try {
      libId = lib + ":" + Files.size(lib) + ":" + Files.getLastModifiedTime(lib).toMillis();
    } catch (IOException e) {
      libId = lib.toString();
    }
    return "probe " + PROBE_VERSION + "; host " + hostName() + "; cpu " + cpu.describe()
        + "; flags " + String.join(" ", new java.util.TreeSet<>(cpu.flags())) + "; library " + libId;
  }

  /** The file for {@code key}: {@code openblas-kernel-<16 hex digits of its SHA-256>.properties}. */
  Path file(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return dir.resolve("openblas-kernel-" + HexFormat.of().formatHex(h, 0, 8) + ".properties");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cached result for {@code key}, or null when there is none or it does not parse. */
  ProbeResult read(String key) {
    Path f = file(key);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      p.load(r);
      if (!key.equals(p.getProperty("key"))) {
        return null;
      }
      List<KernelTrial> trials = new ArrayList<>();
      for (int i = 0; p.getProperty("trial." + i) != null; i++) {
        trials.add(KernelTrial.decode(p.getProperty("trial." + i)));
      }
      String choice = p.getProperty("choice", "");
      return new ProbeResult(key, p.getProperty("cpu"), p.getProperty("library"), trials,
          choice.isEmpty() ? null : choice, f, true);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  void write(ProbeResult r) {
    Properties p = new Properties();
    p.setProperty("key", r.key());
    p.setProperty("cpu", r.cpu());
    p.setProperty("library", r.library());
    p.setProperty("choice", r.choice() == null ? "" : r.choice());
    for (int i = 0; i < r.trials().size(); i++) {
      p.setProperty("trial." + i, r.trials().get(i).encode());
    }
    Path f = file(r.key());
    try {
      Path tmp = Files.createTempFile(dir, f.getFileName().toString(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "sparkmlp: OpenBLAS kernel probe (scripts/blas-kernel.sh --refresh probes again)");
      }
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the BLAS probe cache " + f, e);
    }
  }

  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown-host" : h;
    }
  }
}
