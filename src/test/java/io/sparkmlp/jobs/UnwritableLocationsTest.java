package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An --out or --checkpoint-dir that cannot be written is found before any data is read (a probe
 * file is written and removed) and reported in one line naming the path, exit 2, with nothing
 * left behind.
 */
class UnwritableLocationsTest {
  @TempDir Path tmp;

  private JobRuns.Run train(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--data", JobRuns.DIGITS.toString(), "--format", "csv",
        "--hidden", "8", "--epochs", "1", "--master", "local[2]"));
    args.addAll(List.of(more));
    return JobRuns.train(args.toArray(String[]::new));
  }

  /** A path below a regular file: no one can create it, root included. */
  private Path belowAFile() throws IOException {
    return Files.writeString(tmp.resolve("a-file"), "x").resolve("sub");
  }

  /** A directory made read-only; skipped (with the reason) where that does not stop writes. */
  private Path readOnlyDir() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("read-only"));
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean writable;
    try {
      Files.delete(Files.createFile(d.resolve("try")));
      writable = true;
    } catch (IOException expected) {
      writable = false;
    }
    assumeFalse(writable, "chmod 555 does not stop this user's writes (root?); the path below a file covers it");
    return d;
  }

  private static void assertOneLine(JobRuns.Run r, String prefix) {
    assertEquals(2, r.code(), r.all());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, r.all());
    assertTrue(lines[0].startsWith("train: " + prefix) && lines[0].contains("cannot write there"), r.all());
    assertFalse(r.out().contains("data:"), "reported before the data is read:\n" + r.all());
  }

  @Test
  void anOutBelowARegularFileIsNamed() throws IOException {
    Path out = belowAFile().resolve("run");
    assertOneLine(train("--out", out.toString(), "--checkpoint-dir", tmp.resolve("ck").toString()), "--out " + out);
    assertFalse(Files.exists(tmp.resolve("ck")), "no checkpoint directory is left");
  }

  @Test
  void aCheckpointDirBelowARegularFileIsNamedAndNoOutIsLeft() throws IOException {
    Path ck = belowAFile().resolve("ck");
    Path out = tmp.resolve("run");
    assertOneLine(train("--out", out.toString(), "--checkpoint-dir", ck.toString()), "checkpoint-dir " + ck);
    assertEquals(List.of("a-file"), JobRuns.names(tmp), "no --out and no staging sibling");
  }

  @Test
  void aReadOnlyOutParentIsNamed() throws IOException {
    Path out = readOnlyDir().resolve("run");
    assertOneLine(train("--out", out.toString(), "--checkpoint-dir", "none"), "--out " + out);
  }

  @Test
  void aReadOnlyCheckpointDirIsNamed() throws IOException {
    Path ck = readOnlyDir();
    Path out = tmp.resolve("run");
    assertOneLine(train("--out", out.toString(), "--checkpoint-dir", ck.toString()), "checkpoint-dir " + ck);
    assertFalse(Files.exists(out), "no --out");
  }
}
