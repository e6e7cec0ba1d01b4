package io.sparkmlp.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.gradcheck.Npy;
import io.sparkmlp.gradcheck.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's logic in-process: exit codes and what it prints. */
class GradCheckTest {
  static final Path SEED_CASE = Path.of("src/test/resources/reference-gradients/seed-tanh-ce");

  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GradCheck.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void seedExperimentPassesAndWritesTheFigure() {
    Run r = run("--out", tmp.toString(), "--master", "local[2]");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("BLAS: "), r.out());
    assertTrue(r.out().contains("note: --master local[2] ignored"), r.out());
    assertTrue(r.out().contains("w   | exact: False | approx: True "), r.out());
    assertTrue(r.out().contains("PASSED"), r.out());
    assertTrue(Files.isRegularFile(tmp.resolve("gradcheck-seed.png")));
  }

  @Test
  void referenceCasePasses() {
    Run r = run("--reference", SEED_CASE.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("dw0  | exact: False | approx: True "), r.out());
  }

  @Test
  void corruptedReferenceFailsNamingTheTensor() throws IOException {
    Path c = tmp.resolve("case");
    Files.createDirectories(c);
    try (Stream<Path> files = Files.list(SEED_CASE)) {
      for (Path f : files.toList()) {
        Files.copy(f, c.resolve(f.getFileName()));
      }
    }
    NpyArray dw0 = Npy.read(c.resolve("dw0.npy"));
    double[] v = dw0.doubles().clone();
    v[0] += 1e-3;
    Npy.write(c.resolve("dw0.npy"), NpyArray.ofDoubles(v, dw0.shape()));
    Run r = run("--reference", c.toString());
    assertEquals(GradCheck.FAILED, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("FAILED: not approx: dw0 (maxdiff 1.00e-03)"), r.out());
  }

  @Test
  void inputErrorIsOneLineWithExitCode2() {
    Run r = run("--reference", tmp.resolve("absent").toString());
    assertEquals(GradCheck.INPUT_ERROR, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("absent"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    Run verbose = run("--reference", tmp.resolve("absent").toString(), "--verbose");
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose: " + verbose.err());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Run r = run("--frobnicate");
    assertEquals(GradCheck.INPUT_ERROR, r.code());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }

  @Test
  void helpDescribesEveryOption() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String opt : new String[] {"--reference", "--out", "--seed", "--master", "--verbose"}) {
      assertTrue(r.out().contains(opt), opt + " in\n" + r.out());
    }
  }
}
