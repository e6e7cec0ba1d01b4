package io.sparkmlp.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's choice and its reading of a child's output, on recorded and made-up trials. */
class KernelProbeTest {
  private static KernelTrial ok(String requested, String loaded, double f32, double f64) {
    return new KernelTrial(requested, loaded, "ok", f32, f64, "");
  }

  @Test
  void choosesTheFastestCorrectCandidate() {
    // The figures of this machine's first probe (Xeon family 6 model 207, OpenBLAS 0.3.21).
    List<KernelTrial> trials = List.of(ok(null, "Prescott", 32.9, 15.8), ok("SkylakeX", "SkylakeX", 148.8, 64.3),
        ok("Haswell", "Haswell", 80.8, 39.6), ok("Sandybridge", "Sandybridge", 59.8, 26.0));
    assertEquals("SkylakeX", KernelProbe.choose(trials));
  }

  @Test
  void aFasterCandidateThatComputesWrongOrCrashedOrWasRefusedIsNotChosen() {
    List<KernelTrial> trials = List.of(ok(null, "Prescott", 30, 15),
        new KernelTrial("SkylakeX", "SkylakeX", "wrong", 0, 0, "C[0,0] is NaN"),
        new KernelTrial("Cooperlake", "Cooperlake", "refused", 0, 0, ""),
        new KernelTrial("Zen", null, "crashed", 0, 0, "exit 132"), ok("Haswell", "Haswell", 80, 40));
    assertEquals("Haswell", KernelProbe.choose(trials));
  }

  @Test
  void noValueWhenOpenBlasAlreadyLoadsTheBestCoreOrNoneIsClearlyFaster() {
    assertNull(KernelProbe.choose(List.of(ok(null, "Haswell", 80, 40), ok("Haswell", "Haswell", 81, 40))));
    // Within 10 %: timing noise, not a reason to override OpenBLAS.
    assertNull(KernelProbe.choose(List.of(ok(null, "Zen", 80, 40), ok("SkylakeX", "SkylakeX", 86, 42))));
    assertEquals("SkylakeX", KernelProbe.choose(List.of(ok(null, "Zen", 80, 40), ok("SkylakeX", "SkylakeX", 92, 46))));
    assertNull(KernelProbe.choose(List.of(ok(null, "Prescott", 30, 15),
        new KernelTrial("SkylakeX", null, "crashed", 0, 0, "exit 134"))));
  }

  @Test
  void readsWhatTheChildPrinted() {
    KernelTrial t = KernelProbe.parse("SkylakeX", "kernel-timing ok 120.1 48.7\n", "Core: SkylakeX\n", 0);
    assertEquals(ok("SkylakeX", "SkylakeX", 120.1, 48.7), t);
    // OpenBLAS 0.3.21 does not take "Cooperlake" as a name, and says so before detecting itself.
    KernelTrial refused = KernelProbe.parse("Cooperlake", "kernel-timing ok 125 50\n",
        "Core not found: Cooperlake\nCore: Cooperlake\n", 0);
    assertEquals("refused", refused.status());
    KernelTrial wrong = KernelProbe.parse("Haswell", "kernel-timing wrong gemm(N,N) 67x45x129: C[0,0] is NaN\n",
        "Core: Haswell\n", 0);
    assertEquals("wrong", wrong.status());
    assertEquals("gemm(N,N) 67x45x129: C[0,0] is NaN", wrong.detail());
    KernelTrial crashed = KernelProbe.parse("SkylakeX", "", "Core: SkylakeX\n# SIGILL (0x4) at pc=...\n", 134);
    assertEquals("crashed", crashed.status());
    assertEquals("exit 134: # SIGILL (0x4) at pc=...", crashed.detail());
    assertEquals("java", KernelProbe.parse(null, "kernel-timing java\n", "", 0).status());
  }

  @Test
  void aTrialSurvivesTheCacheFile(@TempDir Path dir) {
    ProbeCache cache = new ProbeCache(dir);
    List<KernelTrial> trials = List.of(ok(null, "Prescott", 32.9, 15.8), ok("SkylakeX", "SkylakeX", 148.8, 64.3),
        new KernelTrial("Haswell", null, "crashed", 0, 0, "exit 134: a|b"));
    ProbeResult r = new ProbeResult("key 1", "a CPU", "/lib/libopenblas.so", trials, "SkylakeX",
        cache.file("key 1"), false);
    cache.write(r);
    ProbeResult back = cache.read("key 1");
    assertTrue(back.cached());
    assertEquals("SkylakeX", back.choice());
    assertEquals(trials.subList(0, 2), back.trials().subList(0, 2));
    assertEquals("exit 134: a/b", back.trials().get(2).detail());
    assertEquals(148.8 * 64.3, Math.pow(back.gain() * back.own().score(), 2), 1e-6);
    assertNull(cache.read("key 2"), "another key is another host, CPU or library");
  }
}
