package io.sparkmlp.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/_jit.sh}, which the driver's launchers source, and {@code conf/jit-directives.json},
 * which it hands to HotSpot: a directives file HotSpot cannot read stops every JVM that gets it.
 */
class JitScriptTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir"));

  private record Result(int exit, String out) {}

  private static Result run(List<String> cmd, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().remove("SPARKMLP_JIT");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    return new Result(p.exitValue(), out);
  }

  /** Sources the helper with ROOT set, as the launchers do, and prints JIT_OPTS a word a line. */
  private static Result source(Map<String, String> env) throws Exception {
    return run(List.of("bash", "-c", "set -euo pipefail; ROOT=$PWD; source scripts/_jit.sh;"
        + " printf '%s\\n' \"${JIT_OPTS[@]}\""), env);
  }

  @Test
  void theDefaultIsTheDirectivesFileAndDefaultTurnsItOff() throws Exception {
    Result on = source(Map.of());
    assertEquals(0, on.exit(), on.out());
    assertEquals("-XX:+UnlockDiagnosticVMOptions\n-XX:+DisplayVMOutputToStderr\n-XX:CompilerDirectivesFile="
        + ROOT.resolve("conf/jit-directives.json") + "\n", on.out());
    Result off = source(Map.of("SPARKMLP_JIT", "default"));
    assertEquals(0, off.exit(), off.out());
    assertEquals("\n", off.out()); // printf of an empty array prints one empty line
  }

  @Test
  void anUnknownValueStopsTheLauncherAndSaysWhatItTakes() throws Exception {
    Result bad = source(Map.of("SPARKMLP_JIT", "c1"));
    assertEquals(2, bad.exit(), bad.out());
    assertEquals("SPARKMLP_JIT=c1: expected directives (the default) or default\n", bad.out());
  }

  /** HotSpot reads the file: its two directives, on stderr, and a JVM that runs. */
  @Test
  void hotSpotAcceptsTheDirectivesFile() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UnlockDiagnosticVMOptions", "-XX:+DisplayVMOutputToStderr",
        "-XX:CompilerDirectivesFile=" + ROOT.resolve("conf/jit-directives.json"), "-version")
        .directory(ROOT.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), err);
    assertEquals(0, p.exitValue(), err);
    assertTrue(err.startsWith("2 compiler directives added\n"), err);
    assertEquals("", out, "stdout stays the job's");
  }
}
