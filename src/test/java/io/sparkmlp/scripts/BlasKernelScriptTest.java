package io.sparkmlp.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkmlp.linalg.KernelProbe;
import io.sparkmlp.linalg.ProbeCache;
import io.sparkmlp.linalg.ProbeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/_blas-kernel.sh}, which every launcher sources: it keeps a value that is set,
 * and otherwise exports the probe's choice (here from a cache the real probe filled in this test,
 * so the children ran once) with the mark that says it is the probe's.
 */
class BlasKernelScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  /** Sources the helper in bash with {@code env} and prints the two variables afterwards. */
  private static String run(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; source scripts/_blas-kernel.sh;"
        + " choose_blas_kernel \"$CP\"; echo \"[${OPENBLAS_CORETYPE:-}] [${SPARKMLP_OPENBLAS_CORETYPE:-}]\"")
        .directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("SPARKMLP_OPENBLAS_CORETYPE");
    pb.environment().put("CP", System.getProperty("java.class.path"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void exportsTheProbesChoiceUnlessAValueIsSetOrProbingIsOff(@TempDir Path dir) throws Exception {
    ProbeResult probed = KernelProbe.probe(new ProbeCache(dir), false, line -> { });
    String expected = probed.choice() == null ? "" : probed.choice();
    String cache = dir.toString();

    String chosen = run(Map.of("SPARKMLP_CACHE_DIR", cache));
    assertTrue(chosen.endsWith("[" + expected + "] [" + expected + "]\n"), chosen);
    assertTrue(!chosen.contains("blas: probing"), "answered from the cache:\n" + chosen);

    String kept = run(Map.of("SPARKMLP_CACHE_DIR", cache, "OPENBLAS_CORETYPE", "Nehalem"));
    assertEquals("[Nehalem] []\n", kept);

    String off = run(Map.of("SPARKMLP_CACHE_DIR", cache, "SPARKMLP_BLAS_PROBE", "off"));
    assertEquals("[] []\n", off);
  }

  /** A JVM flag in JAVA_TOOL_OPTIONS that prints to stdout: the answer is still the probe's last line alone. */
  @Test
  void jvmLinesBeforeTheAnswerAreNotTakenForIt(@TempDir Path dir) throws Exception {
    ProbeResult probed = KernelProbe.probe(new ProbeCache(dir), false, line -> { });
    String expected = probed.choice() == null ? "" : probed.choice();
    Path directives = Files.writeString(dir.resolve("directives.json"), "[{ match: \"*.*\", c2: { Exclude: false } }]");
    String out = run(Map.of("SPARKMLP_CACHE_DIR", dir.toString(), "JAVA_TOOL_OPTIONS",
        "-XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=" + directives));
    assertTrue(out.endsWith("[" + expected + "] [" + expected + "]\n"), out);
  }

  @Test
  void aProbeThatCannotRunChangesNothingAndSaysWhy(@TempDir Path dir) throws Exception {
    String out = run(Map.of("SPARKMLP_CACHE_DIR", dir.toString(), "CP", dir.resolve("no-such.jar").toString()));
    assertTrue(out.startsWith("blas: the OpenBLAS kernel probe failed (exit 1), so OpenBLAS chooses its kernels itself:"), out);
    assertTrue(out.endsWith("[] []\n"), out);
  }
}
