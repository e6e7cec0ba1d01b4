package io.sparkmlp.run;

import io.sparkmlp.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An output directory that appears complete or not at all. Everything is written into a
 * temporary sibling {@code DIR.tmp-<random>} ({@link #staging()}); {@link #commit()} renames it
 * to {@code DIR}. {@link #close()} without a commit deletes the staging directory, so a failed
 * job leaves nothing half-written and {@code DIR} untouched.
 *
 * <p>An existing {@code DIR} is refused unless {@code overwrite}; then it is replaced only at the
 * commit, after the new contents are complete (moved aside, the new one renamed in, the old one
 * deleted). Local file system only (the jobs write their reports with java.nio).
 */
public final class OutputDir implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private boolean committed;

  private OutputDir(Path target, Path staging, boolean overwrite) {
    this.target = target;
    this.staging = staging;
    this.overwrite = overwrite;
  }

  /**
   * Checks {@code target}, creates its staging directory (and missing parents) and writes and
   * removes a probe file in it, so an unwritable location is reported before any work is done.
   *
   * @param flag the flag that named {@code target}, for the error message
   * @throws ConfigException when {@code target} exists and {@code overwrite} is false, or when
   *     nothing can be written there (the message names the path and the reason)
   */
  public static OutputDir create(Path target, boolean overwrite, String flag) throws IOException {
    Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t) && !overwrite) {
      throw new ConfigException(flag + " " + t + ": already exists; choose another " + flag
          + " or pass --overwrite to replace it");
    }
    Path parent = t.getParent();
    if (parent == null) {
      throw new ConfigException(flag + " " + t + ": expected a directory below a parent, found the root");
    }
    Path staging = parent.resolve(t.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
    } catch (IOException e) {
      throw unwritable(flag, t, e);
    }
    OutputDir dir = new OutputDir(t, staging, overwrite);
    try {
      Path probe = staging.resolve(".write-probe");
      Files.write(probe, new byte[] {1});
      Files.delete(probe);
    } catch (IOException e) {
      dir.close();
      throw unwritable(flag, t, e);
    }
    return dir;
  }

  /** {@code flag target: cannot write there (why)}, e.g. a read-only parent or a parent that is a file. */
  private static ConfigException unwritable(String flag, Path target, IOException e) {
    String why;
    if (e instanceof FileAlreadyExistsException && !Files.isDirectory(Path.of(e.getMessage()))) {
      why = e.getMessage() + " is a file, not a directory";
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      why = "permission denied: " + e.getMessage();
    } else {
      why = e.getClass().getSimpleName().replace("Exception", "") + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return new ConfigException(flag + " " + target + ": cannot write there (" + why + "); choose another " + flag);
  }

  /** The final directory. */
  public Path target() {
    return target;
  }

  /** Where to write; it exists until the commit or the close. */
  public Path staging() {
    return staging;
  }

  /** Publishes the staging directory as the target (replacing an old one when overwriting). */
  public void commit() throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      if (!overwrite) {
        throw new FileAlreadyExistsException(target + " appeared while the job ran; the results stay in "
            + staging);
      }
      old = target.resolveSibling(target.getFileName() + ".old-" + UUID.randomUUID().toString().substring(0, 8));
      move(target, old);
    }
    move(staging, target);
    committed = true;
    if (old != null) {
      deleteTree(old);
    }
  }

  /** Deletes the staging directory unless committed. */
  @Override
  public void close() {
    if (!committed) {
      deleteTree(staging);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  /** Deletes {@code dir} and everything below it, if it exists. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
